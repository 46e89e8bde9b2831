"use strict";
// `storages.services.StorageSvc` is the class the package's entry point exports, required by the package's own name.
Object.defineProperty(exports, "__esModule", { value: true });
exports.default = require("@elemental/storage-service").StorageSvc;
