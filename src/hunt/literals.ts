/**
 * Which of many literals occur in a text, in one pass over it (Aho–Corasick over UTF-16 code units). The
 * hunt's sieve runs one per field over every event's value, so a leaf whose pattern needs `-enc` is
 * tested only on the command lines that contain it. Written here rather than taken from npm: the
 * maintained packages match by grapheme cluster or folded code point, and a guard must agree with the
 * engine's `String.prototype.includes` on every string, lone surrogates and combining marks included.
 */
export class LiteralSet {
  /** Per state: transitions by code unit. */
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Per state: the literals ending here, its own and those of its suffix states. */
  private readonly out: number[][] = [[]];

  constructor(literals: readonly string[]) {
    literals.forEach((lit, id) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        let t = this.next[s]!.get(c);
        if (t === undefined) {
          t = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[s]!.set(c, t);
        }
        s = t;
      }
      this.out[s]!.push(id);
    });
    // Breadth first, so a state's fail target is final before its children need it.
    const queue: number[] = [...this.next[0]!.values()];
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const [c, t] of this.next[s]!) {
        let f = this.fail[s]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const g = this.next[f]!.get(c);
        this.fail[t] = g !== undefined && g !== t ? g : 0;
        const inherited = this.out[this.fail[t]!]!;
        if (inherited.length) this.out[t] = [...this.out[t]!, ...inherited];
        queue.push(t);
      }
    }
  }

  /** Calls `found` with the id of each literal occurring in `text` (once per occurrence). */
  scan(text: string, found: (id: number) => void): void {
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let t = this.next[s]!.get(c);
      while (t === undefined && s !== 0) {
        s = this.fail[s]!;
        t = this.next[s]!.get(c);
      }
      s = t ?? 0;
      const ids = this.out[s]!;
      for (let k = 0; k < ids.length; k++) found(ids[k]!);
    }
  }
}
