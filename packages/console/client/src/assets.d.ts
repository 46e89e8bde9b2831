// Vite bundles the imported stylesheet; to TypeScript it is a module with nothing in it.
declare module "*.css";
