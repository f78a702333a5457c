// better-sqlite3 ships no type declarations; the tests only hand its Database to Better Auth.
declare module 'better-sqlite3';
