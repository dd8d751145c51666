package quote

import (
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/entity"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/tokenize"
)

// TestColonSpeakers reads the colon forms with the entity stage run first, as the pipeline
// does: a headline kicker or a section head before a colon is no speaker; a name, a
// person's surname and a transcript's speaker in capitals are.
func TestColonSpeakers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // the sources of the colon forms' statements, in order
	}{
		{"name in a headline", "Jane Alder: Bridge will open in May\n\nEastport Mayor Jane Alder spoke on Tuesday.", []string{"Jane Alder"}},
		{"surname in a headline", "Alder: Bridge will open in May\n\nEastport Mayor Jane Alder spoke on Tuesday.", []string{"Alder"}},
		{"kicker", "The Latest: Bridge will open in May\n\nEastport Mayor Jane Alder spoke on Tuesday.", nil},
		{"section head", "Bridge opens\n\nEastport Mayor Jane Alder spoke on Tuesday.\n\nLittle Relief for Commuters: The tolls stay where they are for now.", nil},
		{"one line in capitals", "Bridge opens\n\nEastport Mayor Jane Alder spoke on Tuesday.\n\nEMAIL: bridge@example.com for the schedule", nil},
		{"transcript turns", "Bridge opens\n\nHost Tom Reyes spoke to Jane Alder.\n\nREYES: Will it open in May?\n\nALDER: It will open in May.\n\nREYES: And the tolls?\n\nALDER: They stay.",
			[]string{"REYES", "ALDER", "REYES", "ALDER"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &document.Doc{Text: tt.text}
			tokenize.New().Tokenize(d)
			pos.Default().TagDoc(d)
			entity.New(nil).Find(d)
			New().Extract(d)
			var got []string
			for _, st := range d.Statements {
				if st.Rule == "name-colon" {
					got = append(got, d.Slice(st.Source))
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("colon-form sources %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("colon-form sources %q, want %q", got, tt.want)
				}
			}
		})
	}
}
