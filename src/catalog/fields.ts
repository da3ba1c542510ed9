/**
 * Splitting header fields that were run together without separators:
 * "Text and medical imagesModelMedGemma / MedSigLIP model family" →
 * ["Text and medical images", "Model", "MedGemma / MedSigLIP model family"].
 * Boundaries: a lowercase letter or ")" followed by a capital, a long word followed
 * by a digit, and words glued in lowercase ("reportschest") where the second half is
 * a word the same header uses on its own. Only the first `count - 1` boundaries are
 * used: the last field (details, names like MedGemma) keeps its inner capitals.
 */

export function splitRunTogether(text: string, count: number): string[] {
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().split(/[^a-z]+/)) if (w.length >= 4) counts.set(w, (counts.get(w) ?? 0) + 1);
  const cuts = new Set<number>();
  const caseBoundary = /(?<=[a-z])(?=[A-Z])|(?<=[)）])(?=[A-Za-z])|(?<=\p{Script=Han})(?=[a-z]{3})|(?<=[a-z]{4})(?=\d+\s)/gu;
  for (let m = caseBoundary.exec(text); m; m = caseBoundary.exec(text)) {
    cuts.add(m.index);
    caseBoundary.lastIndex = m.index + 1;
  }
  const token = /[a-z]{7,}/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const cut = gluedWordCut(m[0], counts);
    if (cut !== undefined) cuts.add(m.index + cut);
  }
  const sorted = [...cuts].sort((a, b) => a - b).slice(0, count - 1);
  const parts: string[] = [];
  let from = 0;
  for (const cut of sorted) {
    parts.push(text.slice(from, cut).trim());
    from = cut;
  }
  parts.push(text.slice(from).trim());
  return parts.filter(Boolean);
}

function gluedWordCut(word: string, counts: Map<string, number>): number | undefined {
  if ((counts.get(word) ?? 0) > 1) return undefined;
  for (let cut = 3; cut <= word.length - 4; cut++) {
    if (counts.has(word.slice(cut))) return cut;
  }
  return undefined;
}
