export { NormalService as default } from "@elemental/services";
