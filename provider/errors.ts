import type { PropertyMap } from "./sdk-types";

/**
 * Errors the provider raises itself (the device clients raise DeviceError and
 * TransportError, connection settings SettingsError). Each sets `name` so a stack
 * trace or a test says which one it is.
 */

/**
 * The object exists on the device but is not as declared. Pulumi's dynamic-provider host
 * turns an error carrying `id` into an "initialization failure" (ErrorResourceInitFailed,
 * see @pulumi/pulumi/cmd/dynamic-provider/index.js grpcResponseFromError): the object stays
 * in state with `properties`, and the next update sends the difference.
 */
export class PartialFailure extends Error {
  override readonly name = "PartialFailure";
  readonly reasons: string[];

  constructor(
    readonly id: string,
    readonly properties: PropertyMap,
    message: string,
  ) {
    super(message);
    this.reasons = [message];
  }
}

/** A state the provider's own code should never reach (a description wired wrongly, say). */
export class ProviderBug extends Error {
  override readonly name = "ProviderBug";

  constructor(message: string) {
    super(`${message} (a bug in cisco-edge-pulumi: please report this)`);
  }
}
