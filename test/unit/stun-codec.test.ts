import {
  ATTR,
  CLASS,
  decode,
  encode,
  errorCode,
  errorOf,
  longTermKey,
  METHOD,
  messageName,
  messageType,
  StunStream,
  textOf,
  verifyFingerprint,
  verifyIntegrity,
  xorAddress,
  xorAddressOf,
} from "../../provider/turn/stun";

/**
 * The STUN codec against RFC 5769's test vectors, which carry their own MESSAGE-INTEGRITY and
 * FINGERPRINT: reproducing both from the bytes checks the length rewriting both depend on.
 */

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");
const SHORT_TERM_PASSWORD = Buffer.from("VOkJxbRl1RmTxUk/WvJxBt", "utf8");

// RFC 5769 §2.1 Sample Request
const REQUEST = hex(`
  00010058 2112a442 b7e7a701 bc34d686 fa87dfae
  80220010 5354554e 20746573 7420636c 69656e74
  00240004 6e0001ff
  80290008 932ff9b1 51263b36
  00060009 6576746a 3a683676 59202020
  00080014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
  80280004 e57a3bcf`);

// RFC 5769 §2.2 Sample IPv4 Response: XOR-MAPPED-ADDRESS 192.0.2.1:32853
const IPV4_RESPONSE = hex(`
  0101003c 2112a442 b7e7a701 bc34d686 fa87dfae
  8022000b 74657374 20766563 746f7220
  00200008 0001a147 e112a643
  00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
  80280004 c07d4c96`);

// RFC 5769 §2.4 Sample Request with Long-Term Authentication (no FINGERPRINT)
const LONG_TERM_REQUEST = hex(`
  00010060 2112a442 78ad3433 c6ad72c0 29da412e
  00060012 e3839ee3 8388e383 aae38383 e382afe3 82b90000
  0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341
  0014000b 6578616d 706c652e 6f726700
  00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666`);

test("RFC 5769 §2.1: the request decodes, and its MESSAGE-INTEGRITY and FINGERPRINT verify", () => {
  const message = decode(REQUEST);
  expect(message.method).toBe(METHOD.binding);
  expect(message.cls).toBe(CLASS.request);
  expect(textOf(message, ATTR.username)).toBe("evtj:h6vY");
  expect(textOf(message, ATTR.software)).toBe("STUN test client");
  expect(verifyIntegrity(REQUEST, SHORT_TERM_PASSWORD)).toBe(true);
  expect(verifyIntegrity(REQUEST, Buffer.from("VOkJxbRl1RmTxUk/WvJxBu"))).toBe(false);
  expect(verifyFingerprint(REQUEST)).toBe(true);
  const flipped = Buffer.from(REQUEST);
  flipped[30] ^= 1;
  expect(verifyFingerprint(flipped)).toBe(false);
});

test("RFC 5769 §2.1: encoding the same attributes gives the vector up to USERNAME padding, and it verifies", () => {
  const message = decode(REQUEST);
  const before = message.attributes.filter((a) => a.type !== ATTR.messageIntegrity && a.type !== ATTR.fingerprint);
  const rebuilt = encode({ ...message, attributes: before }, { integrityKey: SHORT_TERM_PASSWORD, fingerprint: true });
  // Every byte before USERNAME's padding is the vector's; the padding (zeros here) changes the HMAC.
  expect(rebuilt.subarray(0, 73).equals(REQUEST.subarray(0, 73))).toBe(true);
  expect(verifyIntegrity(rebuilt, SHORT_TERM_PASSWORD)).toBe(true);
  expect(verifyFingerprint(rebuilt)).toBe(true);
});

test("RFC 5769 §2.2: XOR-MAPPED-ADDRESS 192.0.2.1:32853, integrity and fingerprint verify", () => {
  const message = decode(IPV4_RESPONSE);
  expect(messageName(message)).toBe("Binding Success Response");
  expect(xorAddressOf(message, ATTR.xorMappedAddress)).toEqual({ address: "192.0.2.1", port: 32853 });
  expect(verifyIntegrity(IPV4_RESPONSE, SHORT_TERM_PASSWORD)).toBe(true);
  expect(verifyFingerprint(IPV4_RESPONSE)).toBe(true);
  expect(xorAddress({ address: "192.0.2.1", port: 32853 }, message.transactionId).toString("hex")).toBe(
    "0001a147e112a643",
  );
});

test("RFC 5769 §2.4: long-term credentials, key MD5(user:realm:password) after SASLprep", () => {
  const message = decode(LONG_TERM_REQUEST);
  expect(textOf(message, ATTR.username)).toBe("マトリックス");
  expect(textOf(message, ATTR.realm)).toBe("example.org");
  expect(textOf(message, ATTR.nonce)).toBe("f//499k954d6OL34oL9FSTvy64sA");
  // The RFC's password "The<U+00AD>M<U+00AA>tr<U+2168>" is "TheMatrIX" after SASLprep.
  expect(longTermKey("マトリックス", "example.org", "TheMatrIX").toString("hex")).toBe(
    "e8ca7ad59d5eb0518e312911d2dab2a9",
  );
  expect(verifyIntegrity(LONG_TERM_REQUEST, longTermKey("マトリックス", "example.org", "TheMatrIX"))).toBe(true);
  expect(verifyIntegrity(LONG_TERM_REQUEST, longTermKey("マトリックス", "example.org", "TheMatrIx"))).toBe(false);
  expect(verifyFingerprint(LONG_TERM_REQUEST)).toBeUndefined();
});

test("message types interleave method and class bits as RFC 5389 §6 and RFC 6062 define them", () => {
  expect(messageType(METHOD.allocate, CLASS.request)).toBe(0x0003);
  expect(messageType(METHOD.allocate, CLASS.success)).toBe(0x0103);
  expect(messageType(METHOD.allocate, CLASS.error)).toBe(0x0113);
  expect(messageType(METHOD.connectionAttempt, CLASS.indication)).toBe(0x001c);
  expect(messageType(METHOD.connectionBind, CLASS.success)).toBe(0x010b);
});

test("an error response round-trips its code and reason; IPv6 XOR addresses round-trip", () => {
  const transactionId = Buffer.alloc(12, 7);
  const raw = encode({
    method: METHOD.allocate,
    cls: CLASS.error,
    transactionId,
    attributes: [
      { type: ATTR.errorCode, value: errorCode(442, "Unsupported Transport Protocol") },
      { type: ATTR.xorPeerAddress, value: xorAddress({ address: "2001:db8::1", port: 9 }, transactionId) },
    ],
  });
  const message = decode(raw);
  expect(errorOf(message)).toEqual({ code: 442, reason: "Unsupported Transport Protocol" });
  expect(xorAddressOf(message, ATTR.xorPeerAddress)).toEqual({ address: "2001:db8:0:0:0:0:0:1", port: 9 });
});

test("the TCP stream splitter yields whole messages across chunk borders and hands back what follows", () => {
  const stream = new StunStream();
  const both = Buffer.concat([REQUEST, IPV4_RESPONSE, Buffer.from("raw")]);
  expect(stream.push(both.subarray(0, 25))).toEqual([]);
  const out = stream.push(both.subarray(25));
  expect(out.map(messageName)).toEqual(["Binding Request", "Binding Success Response"]);
  expect(stream.take().toString()).toBe("raw");
});
