export { NormalService } from "./NormalService";
export { SERVICE_STATUS, ServiceError, ServiceErrorCodes, isServiceError, type ServiceErrorCode } from "./errors";
