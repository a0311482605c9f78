export * from './entities';
export * from './ids';
export * from './merge';
export * from './team';
export * from './dates';
export * from './queries';
export * from './fastCheck';
