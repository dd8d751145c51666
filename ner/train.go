package ner

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/pos"
)

// Report describes a training run.
type Report struct {
	Epochs         int
	TrainDocs      int
	TrainSentences int
	TrainTokens    int
	ValidDocs      int // 0 when the data has no valid.txt
	ValidSentences int
	ValidTokens    int
	RawTokens      int    // unlabelled tokens the clusters were induced from
	ClusterWords   int    // words with clusters
	GazNames       int    // names in the gazetteer
	Features       int    // features with weights in the model (after pruning)
	Weights        int    // weights in the model
	SeenFeatures   int    // features updated in training
	ModelBytes     int    // size of the compressed model
	Valid          Scores // on valid.txt, each document tagged with TagDoc
	ClusterTime    time.Duration
	TrainTime      time.Duration // all of Train, clustering included
}

func (r Report) String() string {
	return fmt.Sprintf("epochs %d; train %d tokens (%d sentences, %d documents); valid %d tokens (%d sentences, %d documents); "+
		"clusters of %d words from %d tokens in %v; gazetteer %d names; %d of %d features kept, %d weights; model %d bytes; "+
		"trained in %v\nvalid:\n%v",
		r.Epochs, r.TrainTokens, r.TrainSentences, r.TrainDocs, r.ValidTokens, r.ValidSentences, r.ValidDocs,
		r.ClusterWords, r.RawTokens, r.ClusterTime.Round(time.Millisecond), r.GazNames, r.Features, r.SeenFeatures,
		r.Weights, r.ModelBytes, r.TrainTime.Round(time.Millisecond), r.Valid)
}

// config holds the training settings; Train uses defaultConfig.
type config struct {
	epochs    int
	prune     float32 // drop averaged weights this small (and features left with none)
	folds     int     // gazetteer jackknife folds
	seed      uint64  // of the shuffle
	cluster   clusterConfig
	evalEpoch bool   // score valid after every epoch (for tuning; slow)
	off       uint64 // templates left out
}

// defaultConfig are the settings of the embedded model. Measured on CoNLL valid (F1):
// 8 epochs rather than 12 (no change; valid F1 stops rising after 5–7); pruning averaged
// weights under 2 rather than 0.5 keeps 12k of 58k features and costs about 0.3 F1
// (92.6 → 92.3) but makes tagging about 1.6 times faster, the table then staying in cache.
// The templates left out (off) are those that did not change F1: part-of-speech tags
// (92.64 with, 92.57 without), the case-kept words around the token, the long shape, and
// the clusters two words away (92.57 → 92.64 without them).
var defaultConfig = config{epochs: 8, prune: 2, folds: 10, seed: 20030531,
	cluster: clusterConfig{minCount: 3, iters: 6},
	off:     posTemplates | 1<<fWordM1 | 1<<fWordP1 | 1<<fShape | 1<<fClM2 | 1<<fClP2}

// Train trains a tagger on CoNLL-2003 in dataDir (train.txt, and valid.txt for the report
// when present; dataDir may also be the folder holding conll2003/) and the unlabelled text
// beside it (see rawSources), and returns the model, as Load reads it. The same data always
// gives the same bytes. Progress goes to log, which may be nil.
func Train(dataDir string, log io.Writer) ([]byte, Report, error) {
	return train(dataDir, log, defaultConfig)
}

// trainSent is a training sentence, analysed once.
type trainSent struct {
	toks []tok
	si   sentInfo
	gold []uint8 // BILOU classes
}

func readFile(path string) ([]document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCoNLL(f, path)
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
	trainDocs, err := readFile(filepath.Join(dataDir, "train.txt"))
	if err != nil {
		return nil, rep, fmt.Errorf("ner: %w", err)
	}
	validDocs, err := readFile(filepath.Join(dataDir, "valid.txt"))
	if err != nil && !os.IsNotExist(err) {
		return nil, rep, fmt.Errorf("ner: %w", err)
	}
	rep.Epochs = cfg.epochs
	rep.TrainDocs, rep.TrainSentences, rep.TrainTokens = countDocs(trainDocs)
	rep.ValidDocs, rep.ValidSentences, rep.ValidTokens = countDocs(validDocs)

	// Clusters from the unlabelled text.
	raw, err := readRaw(dataDir)
	if err != nil {
		return nil, rep, err
	}
	for _, s := range raw {
		rep.RawTokens += len(s)
	}
	clusters := induceClusters(raw, cfg.cluster, log)
	rep.ClusterWords = len(clusters)
	rep.ClusterTime = time.Since(start)
	fmt.Fprintf(log, "ner: %d words clustered from %d tokens in %v\n", len(clusters), rep.RawTokens, rep.ClusterTime.Round(time.Millisecond))

	// The gazetteer of all training names, for the model, and one per fold without the
	// fold's own names, for training.
	full := gazEntries{}
	foldEntries := make([]gazEntries, cfg.folds)
	for f := range foldEntries {
		foldEntries[f] = gazEntries{}
	}
	for d, doc := range trainDocs {
		for _, s := range doc.sents {
			for _, sp := range s.gold {
				full.addSpan(s.words, sp)
				for f := range foldEntries {
					if f != d%cfg.folds {
						foldEntries[f].addSpan(s.words, sp)
					}
				}
			}
		}
	}
	rep.GazNames = len(full)
	foldGaz := make([]gazetteer, cfg.folds)
	for f := range foldGaz {
		foldGaz[f] = newGazetteer(foldEntries[f])
	}

	var ptag *pos.Tagger
	if cfg.off&posTemplates != posTemplates {
		ptag = pos.Default()
	}
	sc := &scratch{key: make([]byte, 0, 64)}
	ctab := newClusterTable(clusters)
	docs := make([][]trainSent, len(trainDocs))
	for d, doc := range trainDocs {
		for _, s := range doc.sents {
			si := prepare(s.words, sc, ptag, ctab, &foldGaz[d%cfg.folds])
			ts := trainSent{toks: slices.Clone(sc.toks), si: si, gold: make([]uint8, len(s.words))}
			encode(s.gold, ts.gold)
			docs[d] = append(docs[d], ts)
		}
	}

	tr := learn.NewTrainer(numClasses)
	seen := map[learn.Hash]struct{}{}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	rng := splitmix(cfg.seed)
	var (
		feats  []learn.Hash // the features of a sentence's tokens, maxFeat apiece
		nfeat  []int
		emit   []float32
		path   []int
		vbuf   []float32
		trans  transitions
		fbuf   [maxFeat]learn.Hash
		transF [1]learn.Hash
		hist   history
	)
	update := func(fs []learn.Hash, c int, delta float32) {
		for _, f := range fs {
			seen[f] = struct{}{}
		}
		tr.Update(fs, c, delta)
	}
	for epoch := 1; epoch <= cfg.epochs; epoch++ {
		for i := len(order) - 1; i > 0; i-- { // Fisher–Yates with our own generator
			j := int(rng.next() % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		wrong, total := 0, 0
		for _, d := range order {
			hist.reset()
			for _, s := range docs[d] {
				n := len(s.toks)
				applyHist(s.toks, &hist)
				feats = slices.Grow(feats[:0], n*maxFeat)[:n*maxFeat]
				nfeat = slices.Grow(nfeat[:0], n)[:n]
				emit = slices.Grow(emit[:0], n*numClasses)[:n*numClasses]
				path = slices.Grow(path[:0], n)[:n]
				clear(emit)
				for i := 0; i < n; i++ {
					nf := features(&fbuf, s.toks, i, s.si, cfg.off)
					copy(feats[i*maxFeat:], fbuf[:nf])
					nfeat[i] = nf
					tr.Score(fbuf[:nf], emit[i*numClasses:(i+1)*numClasses])
				}
				transMatrix(tr.Vec, &trans)
				vbuf = viterbi(emit, &trans, path, vbuf, false, false)
				for i := 0; i < n; i++ {
					g, p := int(s.gold[i]), path[i]
					gp, pp := learn.Start, learn.Start
					if i > 0 {
						gp, pp = int(s.gold[i-1]), path[i-1]
					}
					if g != p {
						fs := feats[i*maxFeat : i*maxFeat+nfeat[i]]
						update(fs, g, 1)
						update(fs, p, -1)
						wrong++
					}
					if g != p || gp != pp {
						transF[0] = learn.Trans(gp)
						update(transF[:], g, 1)
						transF[0] = learn.Trans(pp)
						update(transF[:], p, -1)
					}
				}
				total += n
				tr.Tick()
				recordHist(s.toks, path, &hist)
			}
		}
		fmt.Fprintf(log, "ner: epoch %d: %.2f%% of training tokens wrong on line, %d features\n",
			epoch, 100*float64(wrong)/float64(max(total, 1)), tr.Features())
		if cfg.evalEpoch && len(validDocs) > 0 && epoch < cfg.epochs {
			m, err := buildModel(tr, seen, clusters, full, cfg)
			if err != nil {
				return nil, rep, err
			}
			t, err := Load(bytes.NewReader(m))
			if err != nil {
				return nil, rep, err
			}
			s := t.evaluate(validDocs)
			fmt.Fprintf(log, "ner: epoch %d: valid F1 %.2f (PER %.2f ORG %.2f LOC %.2f MISC %.2f)\n", epoch,
				s[None].F1, s[Person].F1, s[Organization].F1, s[Place].F1, s[Other].F1)
		}
	}
	rep.SeenFeatures = len(seen)
	m, err := buildModel(tr, seen, clusters, full, cfg)
	if err != nil {
		return nil, rep, err
	}
	rep.ModelBytes = len(m)
	t, err := Load(bytes.NewReader(m))
	if err != nil {
		return nil, rep, fmt.Errorf("ner: reading back the model: %w", err)
	}
	rep.Features, rep.Weights = t.tab.n, t.tab.np
	if len(validDocs) > 0 {
		rep.Valid = t.evaluate(validDocs)
	}
	rep.TrainTime = time.Since(start)
	fmt.Fprintf(log, "ner: %v", rep)
	return m, rep, nil
}

// buildModel averages the trainer's weights, prunes and quantises them, and writes the model.
func buildModel(tr *learn.Trainer, seen map[learn.Hash]struct{}, clusters map[string]uint64, gaz gazEntries, cfg config) ([]byte, error) {
	prune := cfg.prune
	w := tr.Averaged(prune)
	hashes := make([]learn.Hash, 0, len(seen))
	for f := range seen {
		hashes = append(hashes, f)
	}
	slices.Sort(hashes)
	var maxAbs float32
	for _, f := range hashes {
		for _, x := range w.Vec(f) {
			maxAbs = max(maxAbs, x, -x)
		}
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	m := &modelParts{clusters: clusters, gaz: gaz, scale: scale, off: cfg.off}
	for _, f := range hashes {
		v := w.Vec(f)
		var ps []pair
		for c, x := range v {
			if x > prune || x < -prune {
				q := int16(math.Round(float64(x / scale)))
				if q != 0 {
					ps = append(ps, pair{class: uint16(c), w: q})
				}
			}
		}
		if len(ps) > 0 {
			m.weights = append(m.weights, featWeights{f, ps})
		}
	}
	return writeModel(m)
}

func countDocs(docs []document) (nd, ns, nt int) {
	for _, d := range docs {
		nd++
		for _, s := range d.sents {
			ns++
			nt += len(s.words)
		}
	}
	return
}

// evaluate tags docs with TagDoc and scores the result.
func (t *Tagger) evaluate(docs []document) Scores {
	var gold, pred [][]Span
	for _, d := range docs {
		sents := make([][]string, len(d.sents))
		for i, s := range d.sents {
			sents[i] = s.words
			gold = append(gold, s.gold)
		}
		for _, ls := range t.TagDoc(sents) {
			pred = append(pred, Spans(ls))
		}
	}
	return score(gold, pred)
}
