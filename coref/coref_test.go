package coref

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/entity"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/quote"
	"github.com/whosaid/whosaid/tokenize"
)

func resolve(text string) *document.Doc {
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	quote.New().Extract(d)
	New().Resolve(d)
	return d
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []document.Speaker // one per statement, in order
	}{
		{"short name to fullest", "Putin: ‘No’\n\nRussian President Vladimir Putin said the claims were false.",
			[]document.Speaker{{Name: "Vladimir Putin", Type: document.Person}, {Name: "Vladimir Putin", Type: document.Person}}},
		{"pronoun", "Jane Alder said the bridge would open. “We learned a lot,” she said.",
			[]document.Speaker{{Name: "Jane Alder", Type: document.Person}, {Name: "Jane Alder", Type: document.Person}}},
		{"description", "Russian President Vladimir Putin spoke on Monday. The claims are lies, the Russian president said.",
			[]document.Speaker{{Name: "Vladimir Putin", Type: document.Person}}},
		{"organisation", "The Office of the Director of National Intelligence said Russia was responsible.",
			[]document.Speaker{{Name: "Office of the Director of National Intelligence", Type: document.Organization}}},
		{"acronym organisation", "The FBI said the inquiry was over.",
			[]document.Speaker{{Name: "FBI", Type: document.Organization}}},
		{"unnamed source keeps no name", "The plant will close, a source said.",
			[]document.Speaker{{Type: document.Person}}},
		{"pronoun without antecedent", "He said the plan would fail.",
			[]document.Speaker{{Type: document.Person}}},
		{"title stripped", "FBI director James Comey said the inquiry goes on. Comey added that it was early.",
			[]document.Speaker{{Name: "James Comey", Type: document.Person}, {Name: "James Comey", Type: document.Person}}},
		{"surname in capitals", "Title\n\nHost Chris Wallace spoke to Gov. Mike Pence.\n\nWALLACE: Where is he?\n\nPENCE: At home.",
			[]document.Speaker{{Name: "Chris Wallace", Type: document.Person}, {Name: "Mike Pence", Type: document.Person}}},
		{"continuation inherits", "“First,” Smith said. “Second, the rest of it.”",
			[]document.Speaker{{Name: "Smith", Type: document.Person}, {Name: "Smith", Type: document.Person}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := resolve(tt.text)
			if len(d.Statements) != len(tt.want) {
				t.Fatalf("got %d statements, want %d", len(d.Statements), len(tt.want))
			}
			for i, st := range d.Statements {
				if st.Speaker != tt.want[i] {
					t.Errorf("statement %d (source %q): speaker %+v, want %+v", i, d.Slice(st.Source), st.Speaker, tt.want[i])
				}
			}
		})
	}
}

// analysed returns text with what the pipeline gives coreference before the statements:
// tokens, parts of speech and entities.
func analysed(text string) *document.Doc {
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	pos.Default().TagDoc(d)
	entity.New(nil).Find(d)
	return d
}

// TestResolveEntities resolves with the entity stage's entities, as the pipeline does.
func TestResolveEntities(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []document.Speaker
	}{
		{"entity's fullest name", "Vote delayed\n\nGerman Chancellor Angela Merkel said the vote would wait. Merkel added that it was early.",
			[]document.Speaker{{Name: "Angela Merkel", Type: document.Person}, {Name: "Angela Merkel", Type: document.Person}}},
		{"place speaks as a place", "Talks end\n\nThe talks are over, Germany said on Monday.",
			[]document.Speaker{{Name: "Germany", Type: document.Place}}},
		{"acronym joins its name", "Funds cut\n\nThe Federal Bureau of Investigation (FBI) lost funding. The FBI said it would appeal.",
			[]document.Speaker{{Name: "Federal Bureau of Investigation", Type: document.Organization}}},
		{"pronoun to the named person", "Vote delayed\n\nJane Alder said the bridge would open. “We learned a lot,” she said.",
			[]document.Speaker{{Name: "Jane Alder", Type: document.Person}, {Name: "Jane Alder", Type: document.Person}}},
		{"description to the named person", "Vote delayed\n\nGerman Chancellor Angela Merkel spoke on Monday. The vote will wait, the German chancellor said.",
			[]document.Speaker{{Name: "Angela Merkel", Type: document.Person}}},
		{"modifier is not the speaker", "Vote delayed\n\nThe vote will wait, a Merkel spokesman said.",
			[]document.Speaker{{Type: document.Person}}},
		{"pronoun skips a name of the other gender", "Bridge opens\n\nMs. Jane Alder opened the bridge on Monday. Mr. Tom Reyes said the plan would fail. “It is safe,” she said.",
			[]document.Speaker{{Name: "Tom Reyes", Type: document.Person}, {Name: "Jane Alder", Type: document.Person}}},
		{"pronoun to a named subject after an unnamed speaker", "Bridge opens\n\nA spokeswoman said the plan would fail. Jane Alder opened the bridge on Monday. She said it was safe.",
			[]document.Speaker{{Type: document.Person}, {Name: "Jane Alder", Type: document.Person}}},
		{"description with an abbreviated title", "Bridge opens\n\nEastport Sen. Jane Alder opened the bridge on Monday. It is safe, the Eastport senator said.",
			[]document.Speaker{{Name: "Jane Alder", Type: document.Person}}},
		{"an abbreviated title alone is no description", "Bridge opens\n\nEastport Sen. Jane Alder opened the bridge on Monday. It is safe, the senator said.",
			[]document.Speaker{{Type: document.Person}}},
		{"they after an organization", "Bridge opens\n\nThe Eastport Transit Authority said the bridge would open. “It is safe,” they said.",
			[]document.Speaker{{Name: "Eastport Transit Authority", Type: document.Organization}, {Name: "Eastport Transit Authority", Type: document.Organization}}},
		{"they after people at an organization", "Bridge opens\n\nEngineers at the Eastport Transit Authority said the bridge would open. “It is safe,” they said.",
			[]document.Speaker{{Name: "Eastport Transit Authority", Type: document.Organization}, {Type: document.Unknown}}},
		{"first name alone to the full name", "Bridge opens\n\nJane Alder opened the bridge on Monday. Alder said it was safe. “It will last,” Jane said.",
			[]document.Speaker{{Name: "Jane Alder", Type: document.Person}, {Name: "Jane Alder", Type: document.Person}}},
		{"surname is no first name", "Bridge opens\n\nMr. Reyes spoke at the Reyes Foundation. “It is safe,” Reyes said.",
			[]document.Speaker{{Name: "Reyes", Type: document.Person}}},
		{"pronoun to the subject before the object", "Bridge opens\n\nTom Reyes thanked Sam Cole on Monday. “It is safe,” he said.",
			[]document.Speaker{{Name: "Tom Reyes", Type: document.Person}}},
		{"pronoun keeps an unnamed speaker", "Bridge opens\n\nJane Alder met the press on Monday. The plan will fail, a spokeswoman said. “It is late,” she said.",
			[]document.Speaker{{Type: document.Person}, {Type: document.Person}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analysed(tt.text)
			quote.New().Extract(d)
			New().Resolve(d)
			if len(d.Statements) != len(tt.want) {
				t.Fatalf("got %d statements, want %d", len(d.Statements), len(tt.want))
			}
			for i, st := range d.Statements {
				if st.Speaker != tt.want[i] {
					t.Errorf("statement %d (source %q): speaker %+v, want %+v", i, d.Slice(st.Source), st.Speaker, tt.want[i])
				}
			}
		})
	}
}

func BenchmarkResolve(b *testing.B) {
	d := &document.Doc{Text: "Russian President Vladimir Putin said the claims were false. “We said so,” he said. " +
		"FBI director James Comey confirmed that the bureau is investigating. Comey added that it was early."}
	tokenize.New().Tokenize(d)
	quote.New().Extract(d)
	r := New()
	b.ReportAllocs()
	for b.Loop() {
		r.Resolve(d)
	}
}

// TestResolveParenthesis resolves a source that a trained model reads whole, a name with its
// party and state after it, to the name.
func TestResolveParenthesis(t *testing.T) {
	text := "Republican nominee Gov.\u00a0Mike Pence (R-IN) said the debate would be fair."
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	src := strings.Index(text, " said")
	d.Statements = []document.Statement{{
		Source:    document.Span{Start: 0, End: src},
		Cue:       document.Span{Start: src + 1, End: src + 5},
		Content:   []document.Span{{Start: src + 6, End: len(text) - 1}},
		Continues: -1,
	}}
	New().Resolve(d)
	if want := (document.Speaker{Name: "Mike Pence", Type: document.Person}); d.Statements[0].Speaker != want {
		t.Errorf("speaker %+v, want %+v", d.Statements[0].Speaker, want)
	}
}

// TestResolveSource resolves source mentions that a trained model reads whole, as the
// pipeline prepares them (tokens, parts of speech, entities).
func TestResolveSource(t *testing.T) {
	tests := []struct {
		name, text, source string
		want               document.Speaker
	}{
		{"name before an apposition", "Funds cut\n\nSenator John Cornyn, Republican from Texas, said the money was gone.",
			"Senator John Cornyn, Republican from Texas,", document.Speaker{Name: "John Cornyn", Type: document.Person}},
		{"name before an apposition with an organisation", "Funds cut\n\nMary Wong, the treasurer of the Eastport Arts Foundation, said the money was gone.",
			"Mary Wong, the treasurer of the Eastport Arts Foundation,", document.Speaker{Name: "Mary Wong", Type: document.Person}},
		{"name after a description and a comma", "Funds cut\n\nThe foundation's treasurer, Mary Wong, said the money was gone.",
			"The foundation's treasurer, Mary Wong,", document.Speaker{Name: "Mary Wong", Type: document.Person}},
		{"a person's campaign", "Funds cut\n\nJane Alder spoke on Monday. The Alder campaign said the money was gone.",
			"The Alder campaign", document.Speaker{Name: "Alder campaign", Type: document.Organization}},
		{"a person's camp is the campaign", "Funds cut\n\nJane Alder spoke on Monday. Alder’s camp said the money was gone.",
			"Alder’s camp", document.Speaker{Name: "Alder campaign", Type: document.Organization}},
		{"a former campaign's aide is no campaign", "Funds cut\n\nJane Alder spoke on Monday. A former Alder campaign said the money was gone.",
			"A former Alder campaign", document.Speaker{Type: document.Organization}},
		{"acronym that spells a pronoun", "Funds cut\n\nThe health agency met on Monday. WHO said the money was gone.",
			"WHO", document.Speaker{Name: "WHO", Type: document.Organization}},
		{"capitalised common noun", "Funds cut\n\nOfficials said the money was gone.",
			"Officials", document.Speaker{Type: document.Person}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analysed(tt.text)
			src := strings.Index(tt.text, tt.source)
			cue := strings.Index(tt.text, " said") + 1
			d.Statements = []document.Statement{{
				Source:    document.Span{Start: src, End: src + len(tt.source)},
				Cue:       document.Span{Start: cue, End: cue + len("said")},
				Content:   []document.Span{{Start: cue + len("said "), End: len(tt.text) - 1}},
				Continues: -1,
			}}
			New().Resolve(d)
			if got := d.Statements[0].Speaker; got != tt.want {
				t.Errorf("source %q: speaker %+v, want %+v", tt.source, got, tt.want)
			}
		})
	}
}

func TestFirstNames(t *testing.T) {
	c := NameCounts{}
	c.add("Ann", female, 3)
	c.add("Sam", male, 2)
	c.add("Sam", female, 1) // two thirds masculine: left out
	c.add("Tom", male, 2)   // under three: left out
	c.add("Lee", male, 9)
	c.add("Lee", female, 1) // nine tenths: in
	var b strings.Builder
	if err := FirstNames(c, &b); err != nil {
		t.Fatal(err)
	}
	if want := "Ann\tf\t0\t3\nLee\tm\t9\t1\n"; b.String() != want {
		t.Errorf("table %q, want %q", b.String(), want)
	}
}

func TestCountGAPFirstNames(t *testing.T) {
	gap := "ID\tText\tPronoun\tPronoun-offset\tA\tA-offset\tA-coref\tB\tB-offset\tB-coref\tURL\n" +
		"t-1\tAnn Lee met Tom Roe. She left.\tShe\t21\tAnn Lee\t0\tTRUE\tTom Roe\t12\tFALSE\thttp://x\n" +
		"t-2\tTom Roe met Kim. He left.\tHe\t17\tTom Roe\t0\tTRUE\tKim\t12\tFALSE\thttp://x\n"
	c := NameCounts{}
	if err := CountGAPFirstNames(strings.NewReader(gap), c); err != nil {
		t.Fatal(err)
	}
	if len(c) != 2 || *c["Ann"] != [2]int{0, gapWeight} || *c["Tom"] != [2]int{gapWeight, 0} {
		t.Errorf("counts %v %v (%d names)", c["Ann"], c["Tom"], len(c))
	}
}
