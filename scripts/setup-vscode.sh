#!/usr/bin/env bash
# Installs a real VS Code (code-server 4.100.3 = VS Code 1.100.3) into .vscode-test/ for the
# integration and end-to-end suites, following ../shared/real-vscode.md. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="4.100.3"
dest="$root/.vscode-test/code-server"
bin="$dest/node_modules/.bin/code-server"

need_pkgs=()
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v rg >/dev/null 2>&1 || need_pkgs+=(ripgrep)
for lib in libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev; do
  dpkg -s "$lib" >/dev/null 2>&1 || need_pkgs+=("$lib")
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "accord: installing Debian packages: ${need_pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  else
    echo "accord: missing Debian packages: ${need_pkgs[*]}" >&2
    echo "accord: install them with: sudo apt-get install -y ${need_pkgs[*]}" >&2
    exit 1
  fi
fi

if [ -x "$bin" ] && [ "$(cat "$dest/.installed" 2>/dev/null)" = "$version" ]; then
  exit 0
fi

# code-server's VS Code pins @vscode/ripgrep 1.15.11, whose install script downloads rg from
# GitHub unless it finds the archive in its cache: put Debian's rg there.
cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache/x"
cp "$(command -v rg)" "$cache/x/rg"
tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$cache/x" rg

mkdir -p "$dest"
cd "$dest"
# npm 11 skips dependency install scripts unless allowed; code-server's postinstall installs
# VS Code's own modules, so allow exactly these two.
cat > package.json <<'JSON'
{"name":"accord-vscode-test","private":true,"allowScripts":{"code-server":true,"argon2":true}}
JSON
echo "accord: installing code-server@$version into .vscode-test/ (a few minutes)"
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error "code-server@$version"
if [ ! -x "$dest/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]; then
  echo "accord: code-server installed but its postinstall did not complete (no ripgrep in lib/vscode)" >&2
  exit 1
fi
echo "$version" > .installed
echo "accord: code-server $version ready"
