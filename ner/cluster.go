package ner

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/hugepage"
)

// Word clusters, after Brown et al. (1992) and Ratinov and Roth (2009): words that occur in
// the same contexts share a cluster, so that a name never seen in the labelled data is still
// known to be "like Clinton" or "like Frankfurt". Brown's agglomerative clustering costs
// hours on a few million tokens; we use the exchange algorithm (Kneser and Ney 1993; Martin,
// Liermann and Ney 1998), which optimises the same objective, the likelihood of a class
// bigram model, by moving one word at a time to the class that most improves it. It takes
// tens of seconds here. The hierarchy that Brown's bit strings give is rebuilt by clustering
// the classes themselves the same way into fewer classes, level by level, so that each level
// nests in the one above.

// clusterLevels are the numbers of classes of each level, finest first.
var clusterLevels = [numLevels]int{1024, 256, 64, 16}

const numLevels = 4

// clusterConfig holds the clustering settings.
type clusterConfig struct {
	minCount int // words seen fewer times are not clustered
	iters    int // passes of the exchange algorithm over the words
}

// clusterKey is the form under which a word is clustered: normalised, digits folded to 0,
// case kept. It writes into buf when the word changes, so that lookups do not allocate.
func clusterKey(w string, buf []byte) []byte {
	buf = buf[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= '0' && c <= '9' {
			c = '0'
		}
		buf = append(buf, c)
	}
	return buf
}

// rawSources lists the unlabelled text that clustering reads, relative to the folder that
// holds conll2003/: the words of CoNLL-2003 train and valid (without their labels), BBC News,
// PolNeAR's texts, GUM's news texts and the WNUT-17 train and dev tweets. A source that is
// absent is skipped.
func rawSources(conllDir string) (conll []string, text []string, columns []string) {
	root := filepath.Dir(conllDir)
	conll = []string{filepath.Join(conllDir, "train.txt"), filepath.Join(conllDir, "valid.txt")}
	for _, pat := range []string{
		"bbc-news/*/*.txt",
		"polnear/train/text/*.txt", "polnear/dev/text/*.txt", "polnear/annotator-training/text/*.txt",
	} {
		m, _ := filepath.Glob(filepath.Join(root, pat))
		slices.Sort(m)
		text = append(text, m...)
	}
	for _, pat := range []string{"gum-news/ner/*.tsv", "wnut17/CONLL-format/data/train/*.conll", "wnut17/CONLL-format/data/dev/*.conll"} {
		m, _ := filepath.Glob(filepath.Join(root, pat))
		slices.Sort(m)
		columns = append(columns, m...)
	}
	return conll, text, columns
}

// readRaw reads the unlabelled text as sequences of tokens (sentences of the column files,
// lines of the plain texts).
func readRaw(conllDir string) ([][]string, error) {
	conll, text, columns := rawSources(conllDir)
	var out [][]string
	for _, p := range append(conll, columns...) {
		seqs, err := readColumns(p)
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			return nil, err
		}
		out = append(out, seqs...)
	}
	for _, p := range text {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("ner: reading text for clustering: %w", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if ws := splitText(line, nil); len(ws) > 0 {
				out = append(out, ws)
			}
		}
	}
	return out, nil
}

// readColumns reads the first column of a token-per-line file, sentences split by blank
// lines; -DOCSTART- lines end a sentence.
func readColumns(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]string
	var cur []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		w, _, _ := strings.Cut(strings.TrimSpace(line), "\t")
		if i := strings.IndexByte(w, ' '); i >= 0 {
			w = w[:i]
		}
		if w == "" || w == "-DOCSTART-" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, normalise(w))
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ner: reading %s: %w", path, err)
	}
	return out, nil
}

// splitText cuts a line of plain text into tokens roughly as CoNLL-2003 does: punctuation
// off the ends of words, "'s" and "n't" off their hosts, abbreviations such as "U.S." and
// "Mr." whole.
func splitText(line string, out []string) []string {
	for _, f := range strings.Fields(line) {
		f = normalise(f)
		var tail []string
		for len(f) > 0 && strings.IndexByte(`"'([{`, f[0]) >= 0 {
			out = append(out, f[:1])
			f = f[1:]
		}
		for len(f) > 0 {
			c := f[len(f)-1]
			if strings.IndexByte(`"'),;:!?]}`, c) >= 0 || (c == '.' && !abbreviation(f)) {
				if strings.HasSuffix(f, "...") {
					tail = append(tail, "...")
					f = f[:len(f)-3]
					continue
				}
				tail = append(tail, f[len(f)-1:])
				f = f[:len(f)-1]
				continue
			}
			break
		}
		if len(f) > 0 {
			switch {
			case len(f) > 3 && strings.HasSuffix(f, "n't"):
				out = append(out, f[:len(f)-3], "n't")
			case len(f) > 2 && (strings.HasSuffix(f, "'s") || strings.HasSuffix(f, "'S")):
				out = append(out, f[:len(f)-2], f[len(f)-2:])
			default:
				out = append(out, f)
			}
		}
		for i := len(tail) - 1; i >= 0; i-- {
			out = append(out, tail[i])
		}
	}
	return out
}

// abbreviation reports whether a word ending in "." keeps it: "U.S.", "Mr.", "p.m.".
func abbreviation(w string) bool {
	if len(w) > 2 && strings.Count(w, ".") > 1 { // "U.S.", "p.m.": letters each followed by a dot
		ok := true
		for i := 0; i < len(w) && ok; i++ {
			letter := (w[i]|0x20 >= 'a' && w[i]|0x20 <= 'z')
			ok = letter || (w[i] == '.' && i > 0 && w[i-1] != '.')
		}
		if ok {
			return true
		}
	}
	switch w {
	case "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "Inc.", "Corp.", "Co.", "Ltd.", "Gov.", "Sen.",
		"Rep.", "Gen.", "Lt.", "Col.", "Prof.", "Mt.", "No.", "vs.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.",
		"Nov.", "Dec.":
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	return len(w) == 2 && r >= 'A' && r <= 'Z'
}

// edge is a count of bigrams with a neighbour.
type edge struct{ to, n int32 }

// cgraph is the bigram graph that the exchange algorithm clusters: items 0…n-1 are moved
// between classes; items n… (the rare-word and boundary pseudo-words) keep a class of their
// own each.
type cgraph struct {
	n, fixed   int
	succ, pred [][]edge // per item, sorted by neighbour
	left       []int64  // bigrams with the item first
	right      []int64  // bigrams with the item second
}

// buildGraph counts the bigrams of seqs over the words seen at least minCount times. It
// returns the graph and the words, most frequent first.
func buildGraph(seqs [][]string, minCount int) (*cgraph, []string) {
	counts := map[string]int{}
	var buf []byte
	for _, s := range seqs {
		for _, w := range s {
			counts[string(clusterKey(w, buf))]++
		}
	}
	var words []string
	for w, c := range counts {
		if c >= minCount {
			words = append(words, w)
		}
	}
	slices.SortFunc(words, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return strings.Compare(a, b)
	})
	id := make(map[string]int32, len(words))
	for i, w := range words {
		id[w] = int32(i)
	}
	n := len(words)
	unk, bound := int32(n), int32(n+1)
	type key struct{ a, b int32 }
	bi := map[key]int32{}
	for _, s := range seqs {
		prev := bound
		for _, w := range s {
			cur, ok := id[string(clusterKey(w, buf))]
			if !ok {
				cur = unk
			}
			bi[key{prev, cur}]++
			prev = cur
		}
		bi[key{prev, bound}]++
	}
	g := &cgraph{n: n, fixed: 2, succ: make([][]edge, n+2), pred: make([][]edge, n+2),
		left: make([]int64, n+2), right: make([]int64, n+2)}
	for k, c := range bi {
		g.succ[k.a] = append(g.succ[k.a], edge{k.b, c})
		g.pred[k.b] = append(g.pred[k.b], edge{k.a, c})
		g.left[k.a] += int64(c)
		g.right[k.b] += int64(c)
	}
	for i := range g.succ {
		slices.SortFunc(g.succ[i], func(x, y edge) int { return int(x.to - y.to) })
		slices.SortFunc(g.pred[i], func(x, y edge) int { return int(x.to - y.to) })
	}
	return g, words
}

// exchange clusters the movable items of g into k classes and returns each one's class.
// Items start in class i mod k in order (the graph's items are most frequent first, so the k
// most frequent start alone) and are then visited in order, iters times, each moving to the
// class that most raises the class bigram likelihood
//
//	Σ_{c,d} N(c,d) log N(c,d) − Σ_c N(c,·) log N(c,·) − Σ_d N(·,d) log N(·,d).
//
// Everything is in integer counts and a fixed order, so the result is deterministic.
func exchange(g *cgraph, k, iters int, log io.Writer) []int32 {
	kk := k + g.fixed
	class := make([]int32, g.n+g.fixed)
	for i := 0; i < g.n; i++ {
		class[i] = int32(i % k)
	}
	for j := 0; j < g.fixed; j++ {
		class[g.n+j] = int32(k + j)
	}
	nm := make([]int64, kk*kk) // nm[c*kk+d]: bigrams from class c to class d
	nt := make([]int64, kk*kk) // transposed
	nl := make([]int64, kk)
	nr := make([]int64, kk)
	for a := range g.succ {
		for _, e := range g.succ[a] {
			c, d := class[a], class[e.to]
			nm[int(c)*kk+int(d)] += int64(e.n)
			nt[int(d)*kk+int(c)] += int64(e.n)
		}
		nl[class[a]] += g.left[a]
		nr[class[a]] += g.right[a]
	}
	f := func(x int64) float64 {
		if x <= 0 {
			return 0
		}
		v := float64(x)
		return v * math.Log(v)
	}
	// A table of x log x for small counts, which are most of them.
	const tabN = 1 << 16
	ft := make([]float64, tabN)
	for i := range ft {
		ft[i] = f(int64(i))
	}
	xlx := func(x int64) float64 {
		if x < tabN {
			return ft[x]
		}
		return f(x)
	}
	sAcc := make([]int64, kk)
	pAcc := make([]int64, kk)
	var sNZ, pNZ []int32
	delta := make([]float64, k)
	for it := 0; it < iters; it++ {
		moved := 0
		for v := 0; v < g.n; v++ {
			a := class[v]
			// Bigram counts of v with each class, its own bigrams with itself apart.
			sNZ, pNZ = sNZ[:0], pNZ[:0]
			var self int64
			for _, e := range g.succ[v] {
				if int(e.to) == v {
					self += int64(e.n)
					continue
				}
				d := class[e.to]
				if sAcc[d] == 0 {
					sNZ = append(sNZ, d)
				}
				sAcc[d] += int64(e.n)
			}
			for _, e := range g.pred[v] {
				if int(e.to) == v {
					continue
				}
				d := class[e.to]
				if pAcc[d] == 0 {
					pNZ = append(pNZ, d)
				}
				pAcc[d] += int64(e.n)
			}
			// Take v out of a.
			for _, d := range sNZ {
				nm[int(a)*kk+int(d)] -= sAcc[d]
				nt[int(d)*kk+int(a)] -= sAcc[d]
			}
			for _, d := range pNZ {
				nm[int(d)*kk+int(a)] -= pAcc[d]
				nt[int(a)*kk+int(d)] -= pAcc[d]
			}
			nm[int(a)*kk+int(a)] -= self
			nt[int(a)*kk+int(a)] -= self
			nl[a] -= g.left[v]
			nr[a] -= g.right[v]
			// The gain of putting v in each class c.
			for c := range delta {
				delta[c] = xlx(nl[c]) - xlx(nl[c]+g.left[v]) + xlx(nr[c]) - xlx(nr[c]+g.right[v])
			}
			for _, d := range sNZ {
				s := sAcc[d]
				col := nt[int(d)*kk : int(d)*kk+k] // N(c,d) for every c
				for c, x := range col {
					delta[c] += xlx(x+s) - xlx(x)
				}
			}
			for _, d := range pNZ {
				p := pAcc[d]
				row := nm[int(d)*kk : int(d)*kk+k] // N(d,c) for every c
				for c, x := range row {
					delta[c] += xlx(x+p) - xlx(x)
				}
			}
			// N(c,c) takes the bigrams in both directions and v's own: correct the two terms
			// above, which counted them apart.
			for c := range delta {
				x := nm[c*kk+c]
				s, p := sAcc[c], pAcc[c]
				delta[c] += xlx(x+s+p+self) - xlx(x+s) - xlx(x+p) + xlx(x)
			}
			best := a
			for c := range delta {
				if delta[c] > delta[best]+1e-9 {
					best = int32(c)
				}
			}
			if best != a {
				moved++
			}
			b := best
			for _, d := range sNZ {
				nm[int(b)*kk+int(d)] += sAcc[d]
				nt[int(d)*kk+int(b)] += sAcc[d]
				sAcc[d] = 0
			}
			for _, d := range pNZ {
				nm[int(d)*kk+int(b)] += pAcc[d]
				nt[int(b)*kk+int(d)] += pAcc[d]
				pAcc[d] = 0
			}
			nm[int(b)*kk+int(b)] += self
			nt[int(b)*kk+int(b)] += self
			nl[b] += g.left[v]
			nr[b] += g.right[v]
			class[v] = b
		}
		if log != nil {
			fmt.Fprintf(log, "ner: clustering %d items into %d classes: pass %d moved %d\n", g.n, k, it+1, moved)
		}
		if moved == 0 {
			break
		}
	}
	return class[:g.n]
}

// classGraph is the bigram graph of the classes of g under class (k classes), for
// clustering the classes themselves.
func classGraph(g *cgraph, class []int32, k int) *cgraph {
	cl := func(i int32) int32 {
		if int(i) < g.n {
			return class[i]
		}
		return int32(k) + i - int32(g.n)
	}
	kk := k + g.fixed
	cnt := make([]int32, kk*kk)
	for a := range g.succ {
		for _, e := range g.succ[a] {
			cnt[int(cl(int32(a)))*kk+int(cl(e.to))] += e.n
		}
	}
	h := &cgraph{n: k, fixed: g.fixed, succ: make([][]edge, kk), pred: make([][]edge, kk),
		left: make([]int64, kk), right: make([]int64, kk)}
	for c := 0; c < kk; c++ {
		for d := 0; d < kk; d++ {
			if x := cnt[c*kk+d]; x > 0 {
				h.succ[c] = append(h.succ[c], edge{int32(d), x})
				h.pred[d] = append(h.pred[d], edge{int32(c), x})
				h.left[c] += int64(x)
				h.right[d] += int64(x)
			}
		}
	}
	return h
}

// induceClusters clusters the words of seqs at every level and returns each word's cluster
// ids, packed 16 bits a level (finest first), each id plus one so that 0 means unknown.
func induceClusters(seqs [][]string, cfg clusterConfig, log io.Writer) map[string]uint64 {
	g, words := buildGraph(seqs, cfg.minCount)
	if log != nil {
		fmt.Fprintf(log, "ner: clustering %d words seen %d times or more\n", len(words), cfg.minCount)
	}
	out := make(map[string]uint64, len(words))
	cur := g
	// path[i] is word i's class at the level being built.
	path := make([]int32, len(words))
	for i := range path {
		path[i] = int32(i)
	}
	for l, k := range clusterLevels {
		iters := cfg.iters
		if l > 0 {
			iters = 4 * cfg.iters // classes are few: more passes are cheap
		}
		if cur.n <= k { // too few items: each keeps its own class
			for i, w := range words {
				out[w] |= uint64(path[i]+1) << (16 * l)
			}
			continue
		}
		class := exchange(cur, k, iters, log)
		for i, w := range words {
			path[i] = class[path[i]]
			out[w] |= uint64(path[i]+1) << (16 * l)
		}
		cur = classGraph(cur, class, k)
	}
	return out
}

// clusterTable maps a clusterKey to its cluster ids. Tagging looks a word up once per token;
// a Go map with string keys cost a sixth of the tagger's time (hashing the string and probing
// its groups), so the table keys on a 64-bit FNV-1a hash of the key in one open-addressing
// array. Two of the ~30,000 words sharing a hash has a probability near 2⁻³⁵.
//
// A slot holds a key's hash and its ids together, so that a lookup, mostly a cache miss in a
// table of a megabyte, reads one cache line.
type clusterTable struct {
	mask  uint64
	slots []clusterSlot
	mem   *hugepage.Arena // slots' memory
}

type clusterSlot struct {
	key uint64 // hash of the key, 0 = empty
	ids uint64
}

func newClusterTable(m map[string]uint64) *clusterTable {
	t := newClusterTableFor(len(m))
	for w, ids := range m {
		t.put(keyHash([]byte(w)), ids)
	}
	return t
}

// newClusterTableFor returns an empty table with room for n keys.
// clusterTableSize is the number of slots of a cluster table for n words.
func clusterTableSize(n int) int {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return size
}

func newClusterTableFor(n int) *clusterTable {
	size := clusterTableSize(n)
	// On huge pages, as the other tables of a megabyte or more (package hugepage): made with
	// make, the embedded model's table of 1 MB took 256 page faults to load.
	t := &clusterTable{mask: uint64(size - 1), mem: hugepage.NewArena()}
	t.slots = hugepage.Alloc[clusterSlot](t.mem, size)
	return t
}

// put sets the cluster ids of the key of hash h (keyHash), replacing any it had.
func (t *clusterTable) put(h, ids uint64) {
	j := h & t.mask
	for t.slots[j].key != 0 && t.slots[j].key != h {
		j = (j + 1) & t.mask
	}
	t.slots[j] = clusterSlot{h, ids}
}

func keyHash(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return finishKey(h)
}

// finishKey mixes the high bits of an FNV-1a hash into its low ones, which pick the table
// slot, and keeps 0 for empty slots.
func finishKey(h uint64) uint64 {
	h ^= h >> 29
	if h == 0 {
		h = 1
	}
	return h
}

// lookup returns the cluster ids of word w, as get(clusterKey(w)) does, without building the key.
func (t *clusterTable) lookup(w string) uint64 { return t.find(wordHash(w)) }

// wordHash is keyHash(clusterKey(w)).
func wordHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= '0' && c <= '9' {
			c = '0'
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	return finishKey(h)
}

// find returns the cluster ids of the key of hash h, or 0.
func (t *clusterTable) find(h uint64) uint64 {
	for j := h & t.mask; ; j = (j + 1) & t.mask {
		switch sl := &t.slots[j]; sl.key {
		case h:
			return sl.ids
		case 0:
			return 0
		}
	}
}

// touch reads the first slot that find(h) reads, so that the processor starts fetching it;
// its result means nothing.
func (t *clusterTable) touch(h uint64) uint64 { return t.slots[h&t.mask].key }

// get returns the cluster ids of key, or 0.
func (t *clusterTable) get(key []byte) uint64 { return t.find(keyHash(key)) }
