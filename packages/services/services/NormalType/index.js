"use strict";
// `services.NormalType` is the class the package's entry point exports: required by the package's own name, so
// that an application gets the same class from here and from `import { NormalService } from "@elemental/services"`.
Object.defineProperty(exports, "__esModule", { value: true });
exports.default = require("@elemental/services").NormalService;
