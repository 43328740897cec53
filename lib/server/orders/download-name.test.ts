import { describe, expect, it } from "vitest";
import { getDownloadName } from "./download-name";

const ORDER_ID = "CkX9pQ2mZr7TnB4wL1sD0a";

describe("getDownloadName", () => {
  it.each<[string | null | undefined, string]>([
    ["Our summer!", "Our-summer.mp4"],
    ["Maya's 30th 🎂", "Mayas-30th.mp4"], // the apostrophe joins its word; the emoji goes
    ["Maya’s 30th", "Mayas-30th.mp4"], // a typographic apostrophe alike
    ["Été à Paris", "Ete-a-Paris.mp4"],
    ["../../x", "x.mp4"],
    ["  Hello   World  ", "Hello-World.mp4"],
    ["2024 — Best Of", "2024-Best-Of.mp4"],
    ["ﬁne ① Ｆｕｌｌ", "fine-1-Full.mp4"], // NFKD compatibility forms
    ["a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j.mp4"],
    ["résumé\r\nnaïve", "resume-naive.mp4"],
  ])("%j → %j", (title, expected) => {
    expect(getDownloadName(title, ORDER_ID)).toBe(expected);
  });

  it.each<[string | null | undefined]>([[null], [undefined], [""], ["!!!"], ["🌞🏖️"], ["مرحبا"], ["../"], ["'''"]])(
    "falls back to the order id for %j",
    (title) => {
      expect(getDownloadName(title, ORDER_ID)).toBe("reelmaker-ckx9pq2m.mp4");
    },
  );

  it("caps the slug at 60 characters", () => {
    const name = getDownloadName("a".repeat(100), ORDER_ID);
    expect(name).toBe(`${"a".repeat(60)}.mp4`);
  });

  it("only ever yields safe characters", () => {
    for (const title of ["Our summer!", "../../etc/passwd", "x\u0000y", "%00.mp4", "a b c", "日本語 test"]) {
      expect(getDownloadName(title, ORDER_ID)).toMatch(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*\.mp4$/);
    }
  });

  it("does not end the slug with a dash when the cut falls on a separator", () => {
    // 59 letters, a space, more letters: the 60th slug character is a dash.
    const name = getDownloadName(`${"a".repeat(59)} bcd`, ORDER_ID);
    expect(name).toMatch(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*\.mp4$/);
  });
});
