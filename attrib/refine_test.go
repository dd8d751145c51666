package attrib

import (
	"math"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/tokenize"
)

// TestRefinerAgreesWithFeatures checks that the refiner as a model runs it (dense tables,
// counts kept as the point moves) scores each candidate point as the hashed features it was
// trained with do.
func TestRefinerAgreesWithFeatures(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if m.refiner == nil {
		t.Fatal("the embedded model has no boundary refiner")
	}
	text := "Headline\n\n" +
		"“We will not back down,” the governor said on Monday, “and we will win.” " +
		"Critics argued that the plan, which passed last week, would cost more than promised, and said " +
		"they would sue. The mayor told reporters she was “deeply worried” about the budget. " +
		"According to officials, the bridge will open in May, two months late.\n\n" +
		"Smith, a spokesman, said the company “has done nothing wrong” and declined to comment further."
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	p := newPrep(d, m.classes, m.pos)
	rels := m.predict(p)
	if len(rels) < 4 {
		t.Fatalf("found %d relations, want at least 3", len(rels))
	}
	checked := 0
	eachBoundary(m, p, func(cue tokRange, which int, seg tokRange, b boundary, a, z, lo, hi int) {
		got := m.pointScores(p, b, cue, lo, hi, nil, false)
		for x := lo; x <= hi; x++ {
			var want [1]float32
			for _, h := range p.refineFeats(nil, b, cue, x) {
				want[0] += m.refiner.get(h)
			}
			if math.Abs(float64(got[x-lo]-want[0])) > 1e-4 {
				t.Errorf("cue %v, %s of %v moved to %d: refiner scores %g, its features %g",
					cue, [...]string{"start", "end"}[which], seg, x, got[x-lo], want[0])
			}
		}
		checked++
	})
	t.Logf("%d boundaries checked", checked)
}

// refineScoreRef is the refiner's score of moving boundary b of cue c to point x, the
// segment then holding marks quotation marks, read as refineVals gives its parts: what
// pointScores computes, written plainly.
func refineScoreRef(m *Model, p *prep, b boundary, c tokRange, x, marks int) float32 {
	var v refineVals
	p.refineVals(&v, b, c, x, marks)
	t := &m.refineT[v.k]
	s := t.off[v.off] + t.pos[v.posIn][v.posOut] + t.posOff[v.posOut][v.sg] +
		t.sentEdge[v.edge][v.qIn][v.sg] + t.sentCross[v.cross][v.edge] + t.quote[v.qIn][v.qOut] +
		t.cue[v.outCue][v.sg] + t.dir[v.sg] + t.length[v.length] + t.near[v.near] +
		t.bal[v.marks][v.qIn]
	ws := wordSeeds(v.k)
	out := p.word(v.out)
	w := m.refiner
	return s + w.get(ws[0].U64(p.word(v.in))) + w.get(ws[1].U64(out)) + w.get(ws[2].U64(p.word(v.out2))) +
		w.get(ws[3].U64(out).Int(v.posIn))
}

// TestPointScoresExact checks on PolNeAR dev that pointScores gives the same bits as
// refineScoreRef for every candidate point of every boundary the refiner decides.
func TestPointScoresExact(t *testing.T) {
	texts, _ := sharedtest.Texts(t, "data", "polnear", "dev", "text")
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tk := tokenize.New()
	checked := 0
	// Every document is checked with a fresh prep and with one that keeps a word cache
	// across documents, which keeps the refiner's weights of words (wordCache.refineWords).
	cached := new(prep)
	for k := range 2 * len(texts) {
		d := &document.Doc{Text: texts[k/2]}
		tk.Tokenize(d)
		p := newPrep(d, m.classes, m.pos)
		if k%2 == 1 {
			p = cached
			p.words.ready(m, len(d.Tokens))
			p.reset(d, m.classes, m.pos)
			if !p.cached {
				t.Fatal("the word cache was not used")
			}
		}
		eachBoundary(m, p, func(cue tokRange, which int, seg tokRange, b boundary, a, z, lo, hi int) {
			got := m.pointScores(p, b, cue, lo, hi, nil, false)
			for x := lo; x <= hi; x++ {
				want := refineScoreRef(m, p, b, cue, x, p.marks(b, x))
				if math.Float32bits(got[x-lo]) != math.Float32bits(want) {
					t.Fatalf("cue %v, %s of %v moved to %d: %g, want %g", cue, [...]string{"start", "end"}[which], seg, x, got[x-lo], want)
				}
				checked++
			}
		})
	}
	t.Logf("%d points checked", checked)
}

// TestBestPointBound checks on PolNeAR dev that the bounds pointScores gives bestPoint
// (instead of the scores of points that cannot win) leave its choices as the exact scores
// make them, and that each is a bound: no less than the point's score and no more than what
// a point must beat.
func TestBestPointBound(t *testing.T) {
	texts, _ := sharedtest.Texts(t, "data", "polnear", "dev", "text")
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tk := tokenize.New()
	bounded := 0
	for _, text := range texts {
		d := &document.Doc{Text: text}
		tk.Tokenize(d)
		p := newPrep(d, m.classes, m.pos)
		eachBoundary(m, p, func(cue tokRange, which int, seg tokRange, b boundary, a, z, lo, hi int) {
			exact := m.pointScores(p, b, cue, lo, hi, nil, false)
			floor := exact[b.at-lo] + refineMargin
			want, bestS := b.at, floor
			for i, s := range exact {
				if s > bestS {
					want, bestS = lo+i, s
				}
			}
			if got := m.bestPoint(p, b, cue, a, z); got != want {
				t.Fatalf("cue %v, %s of %v: bestPoint chose %d, the exact scores %d", cue, [...]string{"start", "end"}[which], seg, got, want)
			}
			for i, s := range m.pointScores(p, b, cue, lo, hi, nil, true) {
				if math.Float32bits(s) == math.Float32bits(exact[i]) {
					continue
				}
				if s < exact[i] || s > floor || lo+i == b.at {
					t.Fatalf("cue %v, %s of %v, point %d: %g is no bound of %g below %g", cue, [...]string{"start", "end"}[which], seg, lo+i, s, exact[i], floor)
				}
				bounded++
			}
		})
	}
	if bounded == 0 {
		t.Error("no point was bounded")
	}
	t.Logf("%d points bounded", bounded)
}

// eachBoundary calls f for each boundary the refiner decides in p's document: the start and
// the end of the content of every statement the model predicts, b with its segment seg, the
// cue's window a..z and the candidate points lo..hi.
func eachBoundary(m *Model, p *prep, f func(cue tokRange, which int, seg tokRange, b boundary, a, z, lo, hi int)) {
	for _, r := range m.predict(p) {
		a, z := window(p, r.cue.start)
		for which, seg := range []tokRange{r.content[0], r.content[len(r.content)-1]} {
			b := boundary{which: which, side: sideOf(seg, r.cue), at: seg.start, fixed: seg.end}
			if which == 1 {
				b.at, b.fixed = seg.end, seg.start
			}
			lo, hi := refineCands(p, b, r.cue, a, z)
			if lo >= hi || lo > b.at || hi < b.at {
				continue
			}
			f(r.cue, which, seg, b, a, z, lo, hi)
		}
	}
}
