package attrib

import (
	"math"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
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

// TestPointScoresExact checks on PolNeAR dev that pointScores gives the same bits as
// pointScore, which reads the point as refineVals gives its parts, for every candidate point of every boundary the refiner decides.
func TestPointScoresExact(t *testing.T) {
	m, docs, _ := news(t, "dev")
	checked := 0
	// Every document is checked with a fresh prep and with one that keeps a word cache
	// across documents, which keeps the refiner's weights of words (wordCache.refineWords).
	cached := new(prep)
	for k := range 2 * len(docs) {
		d := docs[k/2]
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
				want := m.pointScore(p, b, cue, x, p.marks(b, x))
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
	m, docs, _ := news(t, "dev")
	bounded := 0
	for _, d := range docs {
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
			// The points beyond the refiner's reach, scored as bestPoint scores them.
			for _, fp := range p.farCands(b, cue, z, lo, hi, nil) {
				if s := m.farScore(p, b, cue, fp); s > bestS {
					want, bestS = fp.x, s
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
// the end of the content of every statement the model predicts, and of its source when the
// refiner decides it, b with its segment seg, the cue's window a..z and the candidate points
// lo..hi.
func eachBoundary(m *Model, p *prep, f func(cue tokRange, which int, seg tokRange, b boundary, a, z, lo, hi int)) {
	for _, r := range m.predict(p) {
		a, z := window(p, r.cue.start)
		type bseg struct {
			b   boundary
			seg tokRange
		}
		var bs []bseg
		for which, seg := range []tokRange{r.content[0], r.content[len(r.content)-1]} {
			bs = append(bs, bseg{boundary{which: which, side: sideOf(seg, r.cue)}, seg})
		}
		if p.refinesSource(r.src) {
			bs = append(bs, bseg{boundary{role: refSource, which: 1, side: sideOf(r.src, r.cue), stop: r.content}, r.src})
		}
		for _, x := range bs {
			b, seg := x.b, x.seg
			b.at, b.fixed = seg.start, seg.end
			if b.which == 1 {
				b.at, b.fixed = seg.end, seg.start
			}
			lo, hi := refineCands(p, b, r.cue, a, z)
			if lo >= hi || lo > b.at || hi < b.at {
				continue
			}
			f(r.cue, b.which, seg, b, a, z, lo, hi)
		}
	}
}

// TestEachBoundarySeesSources checks that the refiner's tests above read source boundaries
// too: on PolNeAR dev, some of the boundaries eachBoundary gives are sources'.
func TestEachBoundarySeesSources(t *testing.T) {
	m, docs, _ := news(t, "dev")
	var n [2]int
	for _, d := range docs[:min(len(docs), 10)] {
		eachBoundary(m, newPrep(d, m.classes, m.pos), func(_ tokRange, _ int, _ tokRange, b boundary, _, _, _, _ int) {
			n[b.role]++
		})
	}
	if n[refContent] == 0 || n[refSource] == 0 {
		t.Errorf("boundaries of contents %d, of sources %d: want some of each", n[refContent], n[refSource])
	}
}

// TestRefinerLearnsSourceEnds trains a refiner on one relation whose source the tagger
// (here, the test) ended a few words off, and checks that the refiner then moves the end to
// the gold one where it decides it, and leaves the content as it was: the source's ends have
// templates of their own (boundary.kind), and never pass the content (boundary.stop).
func TestRefinerLearnsSourceEnds(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		text       string
		cue        string // the cue's words
		pred, gold string // the tagger's source and the gold one
		content    string
		moves      bool // whether the refiner decides the source's end and the gold one is a candidate
	}{
		{"apposition left out", "Press secretary Sean Spicer, a party official, said on Monday that the ban was legal.",
			"said", "Press secretary Sean Spicer", "Press secretary Sean Spicer, a party official,", "that the ban was legal", true},
		{"clause taken in", "The senators from Ohio, who object, told reporters that they would vote no.",
			"told", "The senators from Ohio, who object,", "The senators from Ohio", "that they would vote no", true},
		{"source after the cue", "“We will win,” said Mayor Jane Doe of Springfield, a Democrat, on Tuesday.",
			"said", "Mayor Jane Doe of Springfield, a Democrat, on Tuesday", "Mayor Jane Doe of Springfield, a Democrat", "“We will win,”", true},
		{"gold beyond reach", "Press secretary Sean Spicer, the White House press secretary, said on Monday that the ban was legal.",
			"said", "Press secretary Sean Spicer", "Press secretary Sean Spicer, the White House press secretary,", "that the ban was legal", false},
		{"no comma", "The senior Republican senators from Ohio told reporters that they would vote no.",
			"told", "The senior Republican senators from Ohio", "The senior Republican senators", "that they would vote no", false},
		{"too short", "Spicer, a spokesman, said on Monday that the ban was legal.",
			"said", "Spicer", "Spicer, a spokesman,", "that the ban was legal", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, p := preparedDoc(m, tc.text)
			rangeOf := func(s string) tokRange { return rangeIn(t, d, s) }
			cue, content := rangeOf(tc.cue), rangeOf(tc.content)
			pred, gold := rangeOf(tc.pred), rangeOf(tc.gold)
			for i := cue.start; i < cue.end; i++ {
				p.isCue[i] = true
			}
			rel := relation{cue: cue, src: pred, content: []tokRange{content}}
			examples := refineExamples(p, []relation{rel}, []goldRel{{cue: cue, src: gold, content: []tokRange{content}}}, nil)
			r := new(Model)
			r.setRefiner(newRefineWeights(trainRefiner(examples, refineEpochs, 0)))
			a, z := window(p, cue.start)
			segs := []tokRange{content}
			want := pred
			if tc.moves {
				want = gold
			}
			if got := r.refine(p, segs, pred, cue, a, z); got != want {
				t.Errorf("source %v, want %v (the tagger's %v, gold %v)", got, want, pred, gold)
			}
			if segs[0] != content {
				t.Errorf("content %v, want it left at %v", segs[0], content)
			}
		})
	}
}

// TestFarKind checks the kinds of far candidate points that farKind finds in two sentences:
// each point is named by the token it stands before.
func TestFarKind(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Critics said the plan would cost more than promised, and they would sue; the mayor disagreed — as always. " +
		"He laughed and left, which surprised nobody.\n\nSo it goes."
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	p := newPrep(d, m.classes, m.pos)
	before := func(word string, nth int) int {
		t.Helper()
		for i := range d.Tokens {
			if d.Text[d.Tokens[i].Start:d.Tokens[i].End] == word {
				if nth == 0 {
					return i
				}
				nth--
			}
		}
		t.Fatalf("no token %q", word)
		return 0
	}
	tests := []struct {
		name string
		x    int
		want int
	}{
		{"inside a clause", before("more", 0), farNone},
		{"a comma before a conjunction", before(",", 0), farClause},
		{"a semicolon", before(";", 0), farDash},
		{"a dash", before("—", 0), farDash},
		{"the final full stop", before(".", 0), farSentPunct},
		{"the sentence's end", before("He", 0), farSentEnd},
		{"a conjunction before a verb", before("and", 1), farVerb},
		{"a comma before a wh-word", before(",", 1), farClause},
		{"the paragraph's end", before("So", 0), farSentEnd},
		{"a word", before("it", 0), farNone},
		{"the document's end", len(d.Tokens), farSentEnd},
		{"the document's start", 0, farNone},
	}
	for _, tc := range tests {
		if got := p.farKind(tc.x); got != tc.want {
			t.Errorf("%s (point %d): kind %d, want %d", tc.name, tc.x, got, tc.want)
		}
	}
}

// TestFarScoreAgreesWithFeatures checks on PolNeAR dev that the refiner as a model scores
// each far candidate point (farScore) as the hashed features it was trained with do.
func TestFarScoreAgreesWithFeatures(t *testing.T) {
	m, docs, _ := news(t, "dev")
	ends, withFar, points := 0, 0, 0
	for _, d := range docs {
		p := newPrep(d, m.classes, m.pos)
		eachBoundary(m, p, func(cue tokRange, which int, seg tokRange, b boundary, a, z, lo, hi int) {
			if b.role != refContent || b.which != 1 {
				if far := p.farCands(b, cue, z, lo, hi, nil); len(far) > 0 {
					t.Fatalf("cue %v, %v: far points %v for a boundary other than a content's end", cue, seg, far)
				}
				return
			}
			ends++
			far := p.farCands(b, cue, z, lo, hi, nil)
			if len(far) > 0 {
				withFar++
			}
			for _, fp := range far {
				if fp.x >= lo && fp.x <= hi || fp.x <= b.fixed {
					t.Fatalf("cue %v, end of %v: far point %d, near ones %d..%d", cue, seg, fp.x, lo, hi)
				}
				var want float32
				for _, h := range p.farFeats(p.refineFeats(nil, b, cue, fp.x), b, fp) {
					want += m.refiner.get(h)
				}
				if got := m.farScore(p, b, cue, fp); math.Abs(float64(got-want)) > 1e-4 {
					t.Errorf("cue %v, end of %v moved to %d: refiner scores %g, its features %g", cue, seg, fp.x, got, want)
				}
				points++
			}
		})
	}
	if points == 0 {
		t.Fatal("no far point")
	}
	t.Logf("%d of %d content ends have far points, %d in all", withFar, ends, points)
}

// TestRefinerLearnsFarEnds trains a refiner on one relation whose content the tagger (here,
// the test) ended more than refineReach tokens from the gold end, and checks that the
// refiner then moves the end there when it is a far point (farCands) and leaves it otherwise.
func TestRefinerLearnsFarEnds(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	const (
		short  = "The mayor said that the new bridge over the river would open in May, two months later than the city had promised its residents last year."
		long   = "The mayor said that the new bridge would open in May, although the engineers who inspected it last week doubted that it could be finished before the summer."
		across = "The mayor said that the new bridge over the river would open in May, two months later than the engineers reported to the council last year."
	)
	tests := []struct {
		name       string
		text       string
		cues       []string // the cue's words, then other cues'
		pred, gold string   // the tagger's content and the gold one
		moves      bool     // whether the gold end is a far point
	}{
		{"to the sentence's end", short, []string{"said"},
			"that the new bridge over the river would open in May", "that the new bridge over the river would open in May, two months later than the city had promised its residents last year", true},
		{"back before a clause", long, []string{"said"},
			"that the new bridge would open in May, although the engineers who inspected it last week doubted that it could be finished before the summer", "that the new bridge would open in May", true},
		{"not past another cue", across, []string{"said", "reported"},
			"that the new bridge over the river would open in May", "that the new bridge over the river would open in May, two months later than the engineers reported to the council last year", false},
		{"not within a clause", short, []string{"said"},
			"that the new bridge over the river would open in May", "that the new bridge over the river would open in May, two months later than the city had promised its residents", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, p := preparedDoc(m, tc.text)
			rangeOf := func(s string) tokRange { return rangeIn(t, d, s) }
			for _, w := range tc.cues {
				c := rangeOf(w)
				for i := c.start; i < c.end; i++ {
					p.isCue[i] = true
				}
			}
			cue, src := rangeOf(tc.cues[0]), rangeOf("The mayor")
			pred, gold := rangeOf(tc.pred), rangeOf(tc.gold)
			if d := pred.end - gold.end; d >= -refineReach && d <= refineReach {
				t.Fatalf("the tagger's end %d is within reach of the gold one %d", pred.end, gold.end)
			}
			rel := relation{cue: cue, src: src, content: []tokRange{pred}}
			examples := refineExamples(p, []relation{rel}, []goldRel{{cue: cue, src: src, content: []tokRange{gold}}}, nil)
			r := new(Model)
			r.setRefiner(newRefineWeights(trainRefiner(examples, refineEpochs, 0)))
			a, z := window(p, cue.start)
			segs := []tokRange{pred}
			r.refine(p, segs, src, cue, a, z)
			want := pred
			if tc.moves {
				want = gold
			}
			if segs[0] != want {
				t.Errorf("content %v, want %v (the tagger's %v, gold %v)", segs[0], want, pred, gold)
			}
		})
	}
}

// rangeIn returns the tokens of d that lie within the first occurrence of s in its text.
func rangeIn(t *testing.T, d *document.Doc, s string) tokRange {
	t.Helper()
	i := strings.Index(d.Text, s)
	if i < 0 {
		t.Fatalf("%q not in the text", s)
	}
	r := tokRange{-1, -1}
	for k, tok := range d.Tokens {
		if tok.Start >= i && tok.End <= i+len(s) {
			if r.start < 0 {
				r.start = k
			}
			r.end = k + 1
		}
	}
	return r
}

// preparedDoc tokenizes text and prepares it for m's taggers.
func preparedDoc(m *Model, text string) (*document.Doc, *prep) {
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	p := newPrep(d, m.classes, m.pos)
	m.prepare(p)
	return d, p
}
