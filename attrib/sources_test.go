package attrib

import (
	"testing"

	"github.com/whosaid/whosaid/tokenize"
)

func TestTidySources(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, source, cue, content string
		other, otherSource         string // a second relation's cue and source, or ""
		want                       string // the source after tidySources, "" for none
	}{
		// cut short within the noun phrase of a longer source of the sentence
		{"The former secretary of state mocked Trump, noting that his plan would fail.", "The former secretary", "noting", "that his plan would fail",
			"mocked", "The former secretary of state", "The former secretary of state"},
		// nouns that continue the noun phrase
		{"FBI officials were angered by the deal and predicted it would fail.", "FBI", "predicted", "it would fail", "", "", "FBI officials"},
		{"After talking about security, Mr. Netanyahu suggested a walk.", "Mr.", "talking about", "security", "", "", "Mr. Netanyahu"},
		{"Trump said Monday that he would win.", "Trump", "said", "that he would win", "", "", "Trump"},
		// a comma that opens a clause
		{"According to police, officers saw Scott get out of a car.", "police, officers saw Scott", "According to", "get out of a car", "", "", "police"},
		{"Josh Hendler, a top Democratic tech operative, said it worked.", "Josh Hendler, a top Democratic tech operative,", "said", "it worked", "", "", "Josh Hendler, a top Democratic tech operative,"},
		// an opening conjunction or subordinator
		{"And Iowa biofuels advocates say they have promises.", "And Iowa biofuels advocates", "say", "they have promises", "", "", "Iowa biofuels advocates"},
		{"Though Republicans say they will win, few agree.", "Though Republicans", "say", "they will win", "", "", "Republicans"},
		{"As many experts have pointed out, the law is vague.", "As many experts", "have pointed out", "the law is vague", "", "", "As many experts"},
		// a line break
		{"Rubio Says Reform Was A Sign Of Leadership\nMarco Rubio defended his record.", "Leadership\nMarco Rubio", "defended", "his record", "", "", "Marco Rubio"},
		// a passive cue has no source before it
		{"Clinton is expected to win the primary easily.", "Clinton", "is expected", "to win the primary easily", "", "", ""},
		{"It was said that he would run again.", "It", "was said", "that he would run again", "", "", ""},
		{"Clinton has said she would win.", "Clinton", "has said", "she would win", "", "", "Clinton"},
	}
	tk := tokenize.New()
	for _, tt := range tests {
		d, p, cue := cueDoc(t, m, tk, tt.text, tt.cue, tt.other)
		rels := []relation{{cue: cue, src: tokensAt(t, d, tt.source, 0), content: []tokRange{tokensAt(t, d, tt.content, d.Tokens[cue.end-1].End)}}}
		if tt.other != "" {
			o := relation{cue: tokensAt(t, d, tt.other, 0), src: tokensAt(t, d, tt.otherSource, 0)}
			if o.cue.start < cue.start {
				rels = append([]relation{o}, rels...)
			} else {
				rels = append(rels, o)
			}
		}
		p.tidySources(rels)
		for _, r := range rels {
			if r.cue != cue {
				continue
			}
			got := ""
			if !r.src.empty() {
				got = d.Slice(span(d, r.src))
			}
			if got != tt.want {
				t.Errorf("%q: source %q, want %q", tt.text, got, tt.want)
			}
		}
	}
}
