package pos

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/whosaid/whosaid/learn"
)

// Report describes a training run.
type Report struct {
	Epochs         int
	TrainSentences int
	TrainTokens    int
	ValidSentences int // 0 when the data has no valid.txt
	ValidTokens    int
	TrainAccuracy  float64 // token accuracy of the final model on the training data
	ValidAccuracy  float64 // token accuracy of the final model on valid.txt
	DictWords      int     // words in the tag dictionary
	Features       int     // features with weights in the model (after pruning)
	Weights        int     // weights in the model, about 3 per feature
	SeenFeatures   int     // features seen in training
	ModelBytes     int     // size of the compressed model
	TrainTime      time.Duration
}

func (r Report) String() string {
	return fmt.Sprintf("epochs %d; train %d tokens (%d sentences), accuracy %.2f%%; valid %d tokens (%d sentences), accuracy %.2f%%; "+
		"dictionary %d words; %d of %d features kept, %d weights; model %d bytes; trained in %v",
		r.Epochs, r.TrainTokens, r.TrainSentences, 100*r.TrainAccuracy, r.ValidTokens, r.ValidSentences,
		100*r.ValidAccuracy, r.DictWords, r.Features, r.SeenFeatures, r.Weights, r.ModelBytes, r.TrainTime.Round(time.Millisecond))
}

// config holds the training settings; Train uses defaultConfig.
type config struct {
	epochs    int
	prune     float32 // drop averaged weights this small (and features left with none)
	dictFreq  int     // a word enters the tag dictionary when seen this often…
	dictShare float64 // …with one tag at least this share of the time
	seed      uint64  // of the shuffle
}

var defaultConfig = config{epochs: 8, prune: 0.5, dictFreq: 20, dictShare: 0.97, seed: 20030531}

// Train trains a tagger on the POS column of CoNLL-2003 in dataDir (train.txt, and
// valid.txt for the report when present; dataDir may also be the folder holding conll2003/)
// and returns the model, as Load reads it. The same data always gives the same bytes.
// Progress goes to log, which may be nil.
func Train(dataDir string, log io.Writer) ([]byte, Report, error) {
	return train(dataDir, log, defaultConfig)
}

type sentence struct {
	words []string
	tags  []Tag
}

func train(dataDir string, log io.Writer, cfg config) ([]byte, Report, error) {
	start := time.Now()
	if log == nil {
		log = io.Discard
	}
	if _, err := os.Stat(filepath.Join(dataDir, "train.txt")); err != nil {
		if _, err2 := os.Stat(filepath.Join(dataDir, "conll2003", "train.txt")); err2 == nil {
			dataDir = filepath.Join(dataDir, "conll2003")
		}
	}
	var rep Report
	trainSet, err := readCoNLL(filepath.Join(dataDir, "train.txt"))
	if err != nil {
		return nil, rep, err
	}
	validSet, err := readCoNLL(filepath.Join(dataDir, "valid.txt"))
	if err != nil && !os.IsNotExist(err) {
		return nil, rep, err
	}
	rep.Epochs = cfg.epochs
	rep.TrainSentences, rep.TrainTokens = len(trainSet), countTokens(trainSet)
	rep.ValidSentences, rep.ValidTokens = len(validSet), countTokens(validSet)

	// The tag dictionary, and every token's features parts, computed once.
	dict := makeDict(trainSet, cfg)
	rep.DictWords = len(dict)
	type tok struct {
		piece
		gold, dict Tag
	}
	var toks []tok
	var bounds []int // sentence i is toks[bounds[i]:bounds[i+1]]
	for _, s := range trainSet {
		bounds = append(bounds, len(toks))
		for i, w := range s.words {
			w = canonical(w)
			toks = append(toks, tok{piece: analyse(w), gold: s.tags[i], dict: dict[normString(w)]})
		}
	}
	bounds = append(bounds, len(toks))

	tr := learn.NewTrainer(numTags)
	order := make([]int, len(trainSet))
	for i := range order {
		order[i] = i
	}
	rng := splitmix(cfg.seed)
	var feats [nFeat]learn.Hash
	var scores [numTags]float32
	seen := map[learn.Hash]struct{}{} // every feature updated, to read the weights out
	for epoch := 1; epoch <= cfg.epochs; epoch++ {
		for i := len(order) - 1; i > 0; i-- { // Fisher–Yates with our own generator
			j := int(rng.next() % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		right, total := 0, 0
		for _, si := range order {
			s := toks[bounds[si]:bounds[si+1]]
			p1, p2 := tagStart1, tagStart2
			for i := range s {
				guess := s[i].dict
				if guess == None {
					w1, n1 := &startPiece, &endPiece
					if i >= 1 {
						w1 = &s[i-1].piece
					}
					if i+1 < len(s) {
						n1 = &s[i+1].piece
					}
					features(&feats, p2, p1, w1, &s[i].piece, n1)
					scores = [numTags]float32{}
					tr.Score(feats[:], scores[:])
					guess = Tag(learn.Argmax(scores[:]) + 1)
					if guess != s[i].gold {
						for _, f := range feats {
							seen[f] = struct{}{}
						}
						tr.Update(feats[:], int(s[i].gold)-1, 1)
						tr.Update(feats[:], int(guess)-1, -1)
					}
					tr.Tick()
				}
				if guess == s[i].gold {
					right++
				}
				total++
				p2, p1 = p1, guess
			}
		}
		fmt.Fprintf(log, "pos: epoch %d: %.2f%% of training tokens right on line, %d features\n",
			epoch, 100*float64(right)/float64(max(total, 1)), tr.Features())
	}
	rep.SeenFeatures = tr.Features()
	w := tr.Averaged(cfg.prune)
	hashes := make([]learn.Hash, 0, len(seen))
	for f := range seen {
		hashes = append(hashes, f)
	}
	slices.Sort(hashes)

	model, nf, nw, err := writeModel(dict, w, hashes, cfg.prune)
	if err != nil {
		return nil, rep, err
	}
	rep.Features, rep.Weights = nf, nw
	rep.ModelBytes = len(model)
	t, err := Load(bytes.NewReader(model))
	if err != nil {
		return nil, rep, fmt.Errorf("pos: reading back the model: %w", err)
	}
	rep.TrainAccuracy = t.accuracy(trainSet)
	rep.ValidAccuracy = t.accuracy(validSet)
	rep.TrainTime = time.Since(start)
	fmt.Fprintf(log, "pos: %v\n", rep)
	return model, rep, nil
}

func countTokens(ss []sentence) int {
	n := 0
	for _, s := range ss {
		n += len(s.words)
	}
	return n
}

// accuracy is the token accuracy of t on ss.
func (t *Tagger) accuracy(ss []sentence) float64 {
	var out []Tag
	right, total := 0, 0
	for _, s := range ss {
		out = slices.Grow(out[:0], len(s.words))[:len(s.words)]
		t.Tag(s.words, out)
		for i, g := range s.tags {
			if out[i] == g {
				right++
			}
		}
		total += len(s.tags)
	}
	if total == 0 {
		return 0
	}
	return float64(right) / float64(total)
}

// makeDict finds the frequent words that nearly always take the same tag.
func makeDict(ss []sentence, cfg config) map[string]Tag {
	counts := map[string]*[numTags + 1]int{}
	for _, s := range ss {
		for i, w := range s.words {
			w = normString(canonical(w))
			c := counts[w]
			if c == nil {
				c = new([numTags + 1]int)
				counts[w] = c
			}
			c[s.tags[i]]++
		}
	}
	dict := map[string]Tag{}
	for w, c := range counts {
		if len(w) > dictMaxLen {
			continue
		}
		n, best := 0, 0
		for tag, k := range c {
			n += k
			if k > c[best] {
				best = tag
			}
		}
		if n >= cfg.dictFreq && float64(c[best]) >= cfg.dictShare*float64(n) {
			dict[w] = Tag(best)
		}
	}
	return dict
}

// writeModel writes the tag set, the tag dictionary and the weights larger than prune of the
// features, in the order of their home slots in the table that readTable builds (then of
// their hashes), so that it fills the table from one end to the other. The model is stored as it is, not deflated: deflate
// saved 8% of its size and cost two thirds of its loading time.
func writeModel(dict map[string]Tag, w *learn.Weights, hashes []learn.Hash, prune float32) (model []byte, nf, nw int, err error) {
	var raw bytes.Buffer
	raw.WriteString(modelMagic)
	raw.Write(binary.AppendUvarint(nil, numTags))
	for _, name := range tagNames[1:] {
		raw.Write(binary.AppendUvarint(nil, uint64(len(name))))
		raw.WriteString(name)
	}
	words := make([]string, 0, len(dict))
	for w := range dict {
		words = append(words, w)
	}
	slices.Sort(words)
	raw.Write(binary.AppendUvarint(nil, uint64(len(words))))
	for _, word := range words {
		raw.Write(binary.AppendUvarint(nil, uint64(len(word))))
		raw.WriteString(word)
		raw.WriteByte(byte(dict[word]))
	}
	type rec struct {
		home       uint64
		f          learn.Hash
		start, end int
	}
	var recs []rec
	var feats []byte
	for _, f := range hashes {
		v := w.Vec(f)
		if v == nil {
			continue
		}
		k := 0
		for _, x := range v {
			if x > prune || x < -prune || (prune == 0 && x != 0) {
				k++
			}
		}
		if k == 0 {
			continue
		}
		nf++
		nw += k
		recs = append(recs, rec{f: f, start: len(feats)})
		feats = binary.LittleEndian.AppendUint64(feats, uint64(f))
		feats = append(feats, byte(k))
		for c, x := range v {
			if x > prune || x < -prune || (prune == 0 && x != 0) {
				feats = append(feats, byte(c))
				feats = binary.LittleEndian.AppendUint32(feats, math.Float32bits(x))
			}
		}
		recs[len(recs)-1].end = len(feats)
	}
	mask := uint64(tableSize(nf) - 1)
	for i := range recs {
		recs[i].home = mix(recs[i].f) & mask
	}
	slices.SortFunc(recs, func(a, b rec) int {
		return cmp.Or(cmp.Compare(a.home, b.home), cmp.Compare(a.f, b.f))
	})
	raw.Write(binary.AppendUvarint(nil, uint64(nf)))
	raw.Write(binary.AppendUvarint(nil, uint64(nw)))
	for _, r := range recs {
		raw.Write(feats[r.start:r.end])
	}

	return raw.Bytes(), nf, nw, nil
}

// readCoNLL reads the words and POS tags (second column) of a CoNLL-2003 file: one token per
// line, sentences separated by blank lines, documents by -DOCSTART- lines.
func readCoNLL(path string) ([]sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []sentence
	var cur sentence
	flush := func() {
		if len(cur.words) > 0 {
			out = append(out, cur)
			cur = sentence{}
		}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] == "-DOCSTART-" {
			flush()
			continue
		}
		if len(fields) < 2 {
			return nil, fmt.Errorf("%s:%d: want at least two columns", path, line)
		}
		tag, ok := ParseTag(fields[1])
		if !ok {
			return nil, fmt.Errorf("%s:%d: unknown tag %q", path, line, fields[1])
		}
		cur.words = append(cur.words, fields[0])
		cur.tags = append(cur.tags, tag)
	}
	flush()
	return out, sc.Err()
}

// splitmixRand is the SplitMix64 generator: fixed here so that shuffles, and so models,
// never change with the Go release.
type splitmixRand struct{ s uint64 }

func splitmix(seed uint64) *splitmixRand { return &splitmixRand{seed} }

func (r *splitmixRand) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}
