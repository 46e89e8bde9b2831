"use strict";
// `storages.EosType` is the class the package's entry point exports: required by the package's own name, so
// that an application gets the same class from here and from `import { EosStorage } from "@elemental/storage-s3"`, built
// JavaScript when installed, TypeScript source inside the workspace.
Object.defineProperty(exports, "__esModule", { value: true });
exports.default = require("@elemental/storage-s3").EosStorage;
