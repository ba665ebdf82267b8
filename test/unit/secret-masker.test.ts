import { basicCredentials, maskSecrets, SecretMasker } from "../../provider/secrets";

/** The last line of defence for printed text: every known secret, in every form, masked. */

test("a long secret is masked anywhere, in its encoded forms too, and the longest of two is masked whole", () => {
  const basic = basicCredentials("u", "Turn-pass-1234");
  const text = `pw=Turn-pass-1234; url=Turn-pass-1234%21x; json="a\\"bc-secret-9"; basic=${basic}`;
  const masked = maskSecrets(text, ["Turn-pass-1234", 'a"bc-secret-9', "Turn-pass"]);
  expect(masked).toBe('pw=[secret]; url=[secret]%21x; json="[secret]"; basic=dTpU[secret]NA==');
});

test("a short secret is masked only where it stands alone; one below 4 characters never", () => {
  const masker = new SecretMasker(["4321", "12"]);
  expect(masker.mask("passcode 4321, meeting 943210, id 12")).toBe("passcode [secret], meeting 943210, id 12");
});

test("among 10,000 known secrets, each line masks the ones it holds and nothing else", () => {
  const secrets = Array.from({ length: 10_000 }, (_, n) => `Passcode-${n}-${(n * 7919) % 10_007}`);
  const masker = new SecretMasker(secrets);
  masker.add(["Added-later-99"]);
  expect(masker.mask(`guest ${secrets[4242]} host ${secrets[9999]} Added-later-99 Passcode-1-`)).toBe(
    "guest [secret] host [secret] [secret] Passcode-1-",
  );
});
