import { MinioStorage } from "../../src/MinioStorage";

export default MinioStorage;
