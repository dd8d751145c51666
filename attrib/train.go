package attrib

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"time"

	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/ner"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/quote"
	"github.com/whosaid/whosaid/tokenize"
)

// Meta records how a model was made; it is stored with the weights.
type Meta struct {
	Data      []string `json:"data"`       // the gold directories trained on
	Docs      int      `json:"docs"`       // training documents
	Relations int      `json:"relations"`  // training relations
	Epochs    int      `json:"epochs"`     // passes over the data
	Prune     float32  `json:"prune"`      // averaged weights smaller than this were dropped
	Bags      int      `json:"bags"`       // trainings over shuffled orders averaged (Settings.Bags)
	CueFeats  int      `json:"cue_feats"`  // hashed features kept in the cue tagger
	RoleFeats int      `json:"role_feats"` // hashed features kept in the role tagger
	Words     int      `json:"words"`      // words in the word table
	Refiner   int      `json:"refiner"`    // features kept in the boundary refiner (refine.go)
}

// Settings of training.
type Settings struct {
	Epochs int
	Prune  float32
	Data   []string // recorded in Meta: where the training documents came from

	// Bags, when 2 or more, trains the taggers that many times, on the documents in the
	// given order and in orders shuffled with seeds 1 to Bags-1, and averages their weights
	// into one model (learn.AverageOf), of the same size and speed as one. A perceptron's
	// weights depend on the order it reads the documents in (one order scored PolNeAR dev
	// relation F1 65.9, four others 64.5-64.9), and the mean of several is steadier and
	// better: by 5-fold cross-validation over PolNeAR train (by-fold exact F1 source, cue,
	// content; relation F1), one order 68.71, 66.15, 54.24; 61.96, three 68.87, 66.44, 54.77;
	// 62.19, five 68.99, 66.61, 54.82; 62.31, every fold higher. (An earlier session measured
	// bags on dev alone and could not tell them from luck.) With word stems as features, five
	// gave 69.25, 66.81, 54.81; 62.39, seven 69.23, 66.91, 55.15; 62.57 (four folds of five
	// higher), ten 69.42, 66.94, 55.07; 62.55: seven are shipped. Each bag trained on a
	// random 80% of the documents, seven gave 69.05, 66.80, 54.89; 62.22. Training takes
	// Bags times as long.
	Bags int

	// AfterEpoch, when set, is called with the averaged model after each epoch (for tuning
	// the number of epochs on dev).
	AfterEpoch func(epoch int, m *Model)
}

// Defaults returns the settings of the shipped model, chosen on PolNeAR dev.
func Defaults() Settings {
	s := Settings{Epochs: 8, Prune: 1, Bags: 7}
	for _, d := range TrainingDirs {
		s.Data = append(s.Data, "polnear/"+d)
	}
	return s
}

type trainDoc struct {
	p    *prep
	rels []goldRel
	cue  []int // gold cue tag per token

	predCue []int // the cue tagger's tags in the current epoch
}

// prepareGold tokenizes a gold document and reads its relations.
func prepareGold(tk *tokenize.Tokenizer, cls *cueClasses, ptag *pos.Tagger, g brat.GoldDoc) trainDoc {
	d := &document.Doc{Text: g.Text}
	tk.Tokenize(d)
	// Tagged here, with the tagger's own working memory, rather than by newPrep with the
	// prep's: a prep keeps its working memory, a word cache of about 9 MB, and Train keeps
	// every document's prep, which took 7 GB over PolNeAR's training documents, more than a
	// 32-bit process can address.
	ptag.TagDoc(d)
	p := newPrep(d, cls, ptag)
	rels := goldRelations(d, g.Ann)
	cue := make([]int, len(d.Tokens))
	for _, r := range rels {
		for i := r.cue.start; i < r.cue.end; i++ {
			p.isCue[i] = true
			if i == r.cue.start && cue[i] == cueO {
				cue[i] = cueB
			} else if cue[i] == cueO {
				cue[i] = cueI
			}
		}
	}
	return trainDoc{p: p, rels: rels, cue: cue, predCue: make([]int, len(cue))}
}

// TrainingDirs are the subdirectories of PolNeAR that the model is trained on; dev is kept
// for tuning and reporting.
var TrainingDirs = [...]string{"train", "annotator-training"}

// ReadTraining reads the training documents under a PolNeAR directory, in a fixed order.
func ReadTraining(polnear string) ([]brat.GoldDoc, error) {
	var docs []brat.GoldDoc
	for _, sub := range TrainingDirs {
		d, err := brat.ReadGold(filepath.Join(polnear, sub))
		if err != nil {
			return nil, err
		}
		docs = append(docs, d...)
	}
	return docs, nil
}

// The cue bonuses (cueBonusB) with which the boundary refiner's training reads the
// taggers' cues, without roleRun.tag's second look for content (Train).
const (
	refineCueBonusB = 0.5
	refineCueBonusI = 3
)

// Train trains a model on the gold documents with the given settings, deterministically:
// documents in the order given, no randomness. Progress goes to log. The model returned is
// the one its bytes (WriteTo) hold, so scores measured with it are the shipped model's.
func Train(docs []brat.GoldDoc, s Settings, log io.Writer) (*Model, error) {
	tk, cls, ptag := tokenize.New(), newCueClasses(quote.CueWords()), pos.Default()
	data := make([]trainDoc, len(docs))
	nrel := 0
	for i, g := range docs {
		data[i] = prepareGold(tk, cls, ptag, g)
		nrel += len(data[i].rels)
	}
	vocab, vocabClu, vocabStem := vocabulary(data)
	var classes []cluIDs
	for _, ids := range ner.DefaultClusters().Classes() {
		classes = append(classes, ids)
	}
	var after func(int, *learn.Trainer, *learn.Trainer)
	if s.AfterEpoch != nil {
		after = func(epoch int, cueT, roleT *learn.Trainer) {
			if epoch < s.Epochs {
				// Without a boundary refiner: it learns from the finished taggers.
				cw, rw, words := splitWords(cueT.Averaged(s.Prune), roleT.Averaged(s.Prune), vocab, vocabClu, vocabStem, classes)
				s.AfterEpoch(epoch, newModel(cw, rw, words, Meta{}))
			}
		}
	}
	cueT, roleT := trainTaggers(data, s.Epochs, log, after)
	cues, roles := []*learn.Trainer{cueT}, []*learn.Trainer{roleT}
	for b := 1; b < s.Bags; b++ {
		order := slices.Clone(data)
		rand.New(rand.NewPCG(uint64(b), 0x5eed)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		c, r := trainTaggers(order, s.Epochs, nil, nil)
		cues, roles = append(cues, c), append(roles, r)
	}
	cw, rw, words := splitWords(learn.AverageOf(cues, s.Prune), learn.AverageOf(roles, s.Prune), vocab, vocabClu, vocabStem, classes)
	// The boundary refiner learns from the finished taggers' readings of the training
	// documents. (Readings by taggers trained on the other half or two thirds of them gave
	// PolNeAR dev content F1 0.1–0.3 lower, and training took twice as long.)
	tagger := newModel(cw, rw, words, Meta{})
	// It reads them as the taggers decoded when the shipped refiner was trained: the
	// decoding of newModel was chosen later, on that refiner (cueBonusB). A refiner trained
	// on readings with the new decoding scored PolNeAR dev exact F1 source 72.51, cue 68.72,
	// content 57.11, relation 64.84 (train 75.52, 73.27, 66.45, 70.61), against 72.45, 68.72,
	// 57.57, 65.10 (75.49, 73.28, 66.28, 70.56) for the shipped one: within retraining noise.
	tagger.setDecoding(refineCueBonusB, refineCueBonusI, false)
	var examples []refineExample
	for _, td := range data {
		td.p.forget()
		examples = refineExamples(td.p, tagger.predict(td.p), td.rels, examples)
	}
	refiner := newRefineWeights(trainRefiner(examples, refineEpochs, refinePrune))
	if log != nil {
		fmt.Fprintf(log, "boundary refiner: %d examples, %d features\n", len(examples), len(refiner.keys))
	}
	m := newModel(cw, rw, words, Meta{Docs: len(docs), Relations: nrel, Epochs: s.Epochs, Prune: s.Prune, Bags: max(s.Bags, 1),
		CueFeats: cw.Len(), RoleFeats: rw.Len(), Words: words.len(), Refiner: len(refiner.keys), Data: s.Data})
	m.setRefiner(refiner)
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return nil, err
	}
	return Load(&b)
}

// trainTaggers trains the cue and role taggers on data for the given number of epochs,
// calling after (when set) at the end of each.
func trainTaggers(data []trainDoc, epochs int, log io.Writer, after func(epoch int, cueT, roleT *learn.Trainer)) (cueT, roleT *learn.Trainer) {
	cueT, roleT = learn.NewTrainer(nCue), learn.NewTrainer(nRole)
	var path, gold []int
	var emit, buf []float32
	grow := func(n int) {
		if cap(path) < n {
			path = make([]int, n)
			gold = make([]int, n)
		}
		if cap(emit) < n*nRole {
			emit = make([]float32, n*nRole)
		}
	}
	for epoch := 1; epoch <= epochs; epoch++ {
		start := time.Now()
		var cueErr, cueTok, roleErr, roleTok int
		for _, td := range data {
			p := td.p
			trans := learn.TransMatrix(cueT, nCue, cueAllowed)
			for _, st := range p.d.Sentences {
				n := st.EndToken - st.FirstToken
				if n == 0 {
					continue
				}
				grow(n)
				buf = tagCues(p, cueT, trans, st, path, emit, buf)
				copy(td.predCue[st.FirstToken:st.EndToken], path[:n])
				g := td.cue[st.FirstToken:st.EndToken]
				cueTok += n
				if update(cueT, path[:n], g, func(i int) []learn.Hash { return p.cueFeats(st.FirstToken + i) }) {
					trans = learn.TransMatrix(cueT, nCue, cueAllowed)
					for i := range g {
						if g[i] != path[i] {
							cueErr++
						}
					}
				}
				cueT.Tick()
			}
			// The role tagger learns with the other cues as the cue tagger finds them (its
			// tags of this pass), not the gold ones: at run time it sees predicted cues, false
			// ones inside contents included. (PolNeAR dev: content F1 +1.5, relation +1.3.)
			for i := range p.isCue {
				p.isCue[i] = td.predCue[i] != cueO
			}
			rtrans := learn.TransMatrix(roleT, nRole, roleAllowed)
			for _, r := range td.rels {
				a, b := window(p, r.cue.start)
				n := b - a
				grow(n)
				g := gold[:n]
				goldRoles(r, a, g)
				rc := p.roleCtx(nil, r.cue.start, r.cue.end, a, b)
				buf = tagRoles(rc, rtrans, a, b, path, emit, buf, func(t int, e []float32) { roleT.Score(p.roleFeats(t, rc), e) })
				roleTok += n
				for i := range g {
					if g[i] != path[i] {
						roleErr++
					}
				}
				if update(roleT, path[:n], g, func(i int) []learn.Hash { return p.roleFeats(a+i, rc) }) {
					rtrans = learn.TransMatrix(roleT, nRole, roleAllowed)
				}
				roleT.Tick()
			}
		}
		if log != nil {
			fmt.Fprintf(log, "epoch %d: cue token errors %.2f%%, role token errors %.2f%% (%s)\n", epoch,
				100*float64(cueErr)/float64(max(cueTok, 1)), 100*float64(roleErr)/float64(max(roleTok, 1)),
				time.Since(start).Round(time.Millisecond))
		}
		if after != nil {
			after(epoch, cueT, roleT)
		}
	}
	return cueT, roleT
}

// vocabulary returns the distinct word hashes of the training documents and the boundary
// markers, in increasing order: the words a model's word table may hold; and their clusters
// (those of the markers are zero: prep.cluAt) and stems.
func vocabulary(data []trainDoc) ([]uint64, []cluIDs, []uint64) {
	type facts struct {
		clu  cluIDs
		stem uint64
	}
	seen := map[uint64]facts{startH: {stem: stemHash("<s>")}, endH: {stem: stemHash("</s>")}}
	for _, td := range data {
		for i, w := range td.p.wordH {
			seen[w] = facts{td.p.clu[i], td.p.stemH[i]}
		}
	}
	words := slices.Sorted(maps.Keys(seen))
	clu, stems := make([]cluIDs, len(words)), make([]uint64, len(words))
	for i, w := range words {
		clu[i], stems[i] = seen[w].clu, seen[w].stem
	}
	return words, clu, stems
}

// goldRoles writes the gold role tags of relation r over the window starting at token a.
func goldRoles(r goldRel, a int, g []int) {
	clear(g)
	mark := func(t tokRange, b, in int) {
		for i := max(t.start, a); i < min(t.end, a+len(g)); i++ {
			if i >= r.cue.start && i < r.cue.end {
				continue
			}
			if i == t.start || i == a || g[i-a-1] != b && g[i-a-1] != in || i-1 >= r.cue.start && i-1 < r.cue.end {
				g[i-a] = b
			} else {
				g[i-a] = in
			}
		}
	}
	for _, c := range r.content {
		mark(c, roleBC, roleIC)
	}
	if !r.src.empty() {
		mark(r.src, roleBS, roleIS)
	}
}

// update applies the structured perceptron update where the predicted path differs from the
// gold one and reports whether it changed anything.
func update(t *learn.Trainer, pred, gold []int, feats func(i int) []learn.Hash) bool {
	changed := false
	for i := range gold {
		pp, gp := learn.Start, learn.Start
		if i > 0 {
			pp, gp = pred[i-1], gold[i-1]
		}
		if pred[i] != gold[i] {
			fs := feats(i)
			t.Update(fs, gold[i], 1)
			t.Update(fs, pred[i], -1)
			changed = true
		}
		if pred[i] != gold[i] || pp != gp {
			t.Update([]learn.Hash{learn.Trans(gp)}, gold[i], 1)
			t.Update([]learn.Hash{learn.Trans(pp)}, pred[i], -1)
			changed = true
		}
	}
	return changed
}
