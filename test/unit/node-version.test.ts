import { MINIMUM_NODE, atLeast, nodeVersionProblem } from "../../scripts/node-version";

test("the Node check accepts the minimum and newer, and refuses older with one line saying how to get it", () => {
  expect(atLeast(MINIMUM_NODE)).toBe(true);
  expect(atLeast("v24.21.0")).toBe(true);
  expect(atLeast("22.20.0")).toBe(true);
  expect(atLeast("23.0.0")).toBe(true);
  expect(atLeast("22.18.9")).toBe(false);
  expect(atLeast("20.20.2")).toBe(false);
  expect(nodeVersionProblem("24.21.0")).toBeUndefined();
  const message = nodeVersionProblem("20.20.2");
  expect(message).toContain("this is v20.20.2");
  expect(message).toContain(`Node ${MINIMUM_NODE} or newer is needed`);
  expect(message).toContain("npm install");
  expect(message).not.toContain("\n");
  // The Node that runs the tests passes (npm scripts put node_modules/.bin/node first).
  expect(nodeVersionProblem()).toBeUndefined();
});
