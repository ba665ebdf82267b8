import { SettingsError } from "../../provider/connection";
import { TransportError } from "../../provider/device/http";
import { DeviceError } from "../../provider/device/types";
import { PartialFailure, ProviderBug } from "../../provider/errors";
import { descriptionFor } from "../../provider/schema";

describe("named errors", () => {
  it("a partial failure carries what Pulumi's host needs to keep the object in state", () => {
    const failure = new PartialFailure("id-1", { name: "x" }, "could not converge");
    expect(failure).toBeInstanceOf(Error);
    expect(failure.name).toBe("PartialFailure");
    expect(failure.id).toBe("id-1");
    expect(failure.properties).toEqual({ name: "x" });
    expect(failure.reasons).toEqual(["could not converge"]);
    expect(String(failure)).toBe("PartialFailure: could not converge");
  });

  it("a provider bug asks to be reported", () => {
    expect(() => descriptionFor("NoSuchKind")).toThrow(ProviderBug);
    expect(() => descriptionFor("NoSuchKind")).toThrow(/please report this/);
    expect(new ProviderBug("x").name).toBe("ProviderBug");
  });

  it("device, transport and settings errors say which they are", () => {
    expect(new DeviceError("m", "invalid", 400).name).toBe("DeviceError");
    expect(new TransportError("m", true).name).toBe("TransportError");
    expect(new SettingsError("m").name).toBe("SettingsError");
  });
});
