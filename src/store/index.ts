export * from './errors';
export * from './canonical';
export * from './format';
export * from './migrations';
export * from './adapter';
export * from './store';
export * from './dataFolder';
