package attrib

import (
	"math"
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
	for _, r := range rels {
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
			got := m.pointScores(p, b, r.cue, lo, hi, nil)
			for x := lo; x <= hi; x++ {
				var want [1]float32
				for _, h := range p.refineFeats(nil, b, r.cue, x) {
					want[0] += m.refiner.get(h)
				}
				if math.Abs(float64(got[x-lo]-want[0])) > 1e-4 {
					t.Errorf("cue %v, %s of %v moved to %d: refiner scores %g, its features %g",
						r.cue, [...]string{"start", "end"}[which], seg, x, got[x-lo], want[0])
				}
			}
			checked++
		}
	}
	t.Logf("%d boundaries checked", checked)
}
