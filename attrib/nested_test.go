package attrib

import (
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/tokenize"
)

// TestNested checks which relations nested leaves out, and where coordinatedCue ends the
// outer relation's content.
func TestNested(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	type rel struct{ source, cue, content string }
	tests := []struct {
		name         string
		text         string
		outer, inner rel
		want         bool   // whether the inner relation is nested
		outerContent string // the outer's content after coordinatedCue
	}{
		{"in the content", "Josh Earnest said that President Obama has long called for tax fairness.",
			rel{"Josh Earnest", "said", "that President Obama has long called for tax fairness"},
			rel{"President Obama", "has long called for", "tax fairness"}, true,
			"that President Obama has long called for tax fairness"},
		{"in a content before its cue", "Clinton once described the deal as the gold standard, Trump said.",
			rel{"Trump", "said", "Clinton once described the deal as the gold standard"},
			rel{"Clinton", "once described", "the deal as the gold standard"}, true,
			"Clinton once described the deal as the gold standard"},
		{"coordinated with the outer cue", "Merrill says Machado promised to keep supporting Clinton and said she would stand up to the attacks.",
			rel{"Merrill", "says", "Machado promised to keep supporting Clinton and said she would stand up to the attacks"},
			rel{"Machado", "said", "she would stand up to the attacks"}, false,
			"Machado promised to keep supporting Clinton"},
		{"coordinated after a comma", "Obama praised the deal, but warned that the talks would be hard.",
			rel{"Obama", "praised", "the deal, but warned that the talks would be hard"},
			rel{"", "warned", "that the talks would be hard"}, false,
			"the deal"},
		{"the outer statement negated", "Earnest did not say that Obama called for tax fairness.",
			rel{"Earnest", "did not say", "that Obama called for tax fairness"},
			rel{"Obama", "called for", "tax fairness"}, false,
			"that Obama called for tax fairness"},
		{"apart", "Smith said the plan failed. Jones claimed it worked.",
			rel{"Smith", "said", "the plan failed"},
			rel{"Jones", "claimed", "it worked"}, false,
			"the plan failed"},
	}
	tk := tokenize.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, p, _ := cueDoc(t, m, tk, tt.text, tt.outer.cue, tt.inner.cue)
			mk := func(r rel) relation {
				cue := tokensAt(t, d, r.cue, 0)
				return relation{cue: cue, src: tokensAt(t, d, r.source, 0), content: contentOf(t, p, r.content, 0)}
			}
			outer, inner := mk(tt.outer), mk(tt.inner)
			rels := []relation{outer, inner}
			if inner.cue.start < outer.cue.start {
				rels = []relation{inner, outer}
			}
			for k, r := range rels {
				want := tt.want && r.cue == inner.cue
				if got := p.nested(rels, k); got != want {
					t.Errorf("nested(%q) = %v, want %v", p.d.Slice(span(d, r.cue)), got, want)
				}
				if r.cue != outer.cue {
					continue
				}
				content := r.content
				if at := p.coordinatedCue(rels, k, content); at >= 0 {
					content = p.cutAt(content, at)
				}
				if got := fragments(p, content); got != tt.outerContent {
					t.Errorf("outer content %q, want %q", got, tt.outerContent)
				}
			}
		})
	}
}

// TestNegated checks which cues prep.negated takes for statements nobody made.
func TestNegated(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text, cue string
		want      bool
	}{
		{"He left, without explicitly naming the men.", "naming", true},
		{"Comey did not confirm the inquiry.", "confirm", true},
		{"She declined to comment on the plan.", "comment", true},
		{"Comey confirmed the inquiry.", "confirmed", false},
		{"Without a doubt, he said the plan would fail.", "said", false},
	} {
		d := &document.Doc{Text: c.text}
		tokenize.New().Tokenize(d)
		p := newPrep(d, m.classes, m.pos)
		at := -1
		for i, tk := range d.Tokens {
			if d.Text[tk.Start:tk.End] == c.cue {
				at = i
			}
		}
		if at < 0 {
			t.Fatalf("%q: no token %q", c.text, c.cue)
		}
		if got := p.negated(tokRange{at, at + 1}); got != c.want {
			t.Errorf("%q: cue %q negated = %v, want %v", c.text, c.cue, got, c.want)
		}
	}
}
