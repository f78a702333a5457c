// Shared by the seeded fuzz tests of the identity providers' expression languages.

/** 1 to 4 random edits of `s`: insert a piece of the language, delete, truncate, insert any character, reverse a tail. */
export function mutate(s: string, rnd: () => number, pieces: readonly string[]): string {
  let t = s;
  const n = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rnd() * (t.length + 1));
    switch (Math.floor(rnd() * 5)) {
      case 0: t = t.slice(0, i) + pieces[Math.floor(rnd() * pieces.length)] + t.slice(i); break;
      case 1: t = t.slice(0, i) + t.slice(i + 1 + Math.floor(rnd() * 3)); break;
      case 2: t = t.slice(0, i); break;
      case 3: t = t.slice(0, i) + String.fromCharCode(Math.floor(rnd() * 0x3000)) + t.slice(i); break;
      default: t = t.slice(0, i) + t.slice(i).split('').reverse().join(''); break;
    }
  }
  return t;
}
