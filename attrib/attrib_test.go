package attrib

import (
	"bytes"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/quote"
	"github.com/whosaid/whosaid/tokenize"
)

func TestEmbeddedModelLoads(t *testing.T) {
	// The best of three loads: on a busy machine one load can wait for a core.
	var m *Model
	took := time.Hour
	for range 3 {
		start := time.Now()
		var err error
		m, err = Default()
		if err != nil {
			t.Fatal(err)
		}
		took = min(took, time.Since(start))
	}
	t.Logf("loaded in %s: %+v", took, m.Meta)
	if took > 200*time.Millisecond {
		t.Errorf("loading the embedded model took %s, over 200 ms", took)
	}
	if m.Meta.Docs == 0 || m.Meta.CueFeats == 0 || m.Meta.RoleFeats == 0 {
		t.Errorf("model metadata incomplete: %+v", m.Meta)
	}
	if _, err := Load(bytes.NewReader(Embedded()[:len(Embedded())/2])); err == nil {
		t.Error("a truncated model loaded without error")
	}
}

// TestRetrainReproduces retrains the model from PolNeAR with the default settings and checks
// that it is the embedded model, byte for byte.
//
// Training holds about a gigabyte, and a Go heap keeps the address space it has grown to: in
// a 32-bit process the package's later tests then ran out of it (GOARCH=386). There the test
// runs in a process of its own, the test binary run again for it alone.
func TestRetrainReproduces(t *testing.T) {
	polnear := sharedtest.Path(t, "data", "polnear")
	if testing.Short() {
		t.Skip("retraining takes tens of seconds")
	}
	if strconv.IntSize == 32 && os.Getenv(retrainChild) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRetrainReproduces$", "-test.count=1")
		cmd.Env = append(os.Environ(), retrainChild+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("retraining in a process of its own: %v\n%s", err, out)
		}
		return
	}
	docs, err := ReadTraining(polnear)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Train(docs, Defaults(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), Embedded()) {
		t.Fatalf("retrained model (%d bytes) differs from the embedded one (%d bytes); run `whosaid train attribution --out attrib/model.bin`",
			b.Len(), len(Embedded()))
	}
}

// retrainChild marks the process that TestRetrainReproduces runs itself in on 32-bit
// platforms.
const retrainChild = "WHOSAID_RETRAIN_CHILD"

// TestTrainingDocKeepsNoPOSCache checks that a prepared training document does not keep the
// part-of-speech tagger's working memory, a word cache of about 9 MB: Train keeps every
// document's prep, and their caches took 7 GB over PolNeAR's training documents, more than
// a 32-bit process can address (GOARCH=386 go test ran out of memory).
func TestTrainingDocKeepsNoPOSCache(t *testing.T) {
	g := brat.GoldDoc{Text: "Headline\n\nThe mayor said that the bridge would open in May.", Ann: &brat.Ann{}}
	td := prepareGold(tokenize.New(), newCueClasses(quote.CueWords()), pos.Default(), g)
	if len(td.p.pos) != len(td.p.d.Tokens) {
		t.Fatalf("%d parts of speech for %d tokens", len(td.p.pos), len(td.p.d.Tokens))
	}
	if !reflect.ValueOf(td.p.posScratch).IsZero() {
		t.Error("a training document's prep keeps the part-of-speech tagger's working memory")
	}
}

func TestStatements(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, source, cue, content string
	}{
		{"The mayor said that the bridge would open in May.", "The mayor", "said", "that the bridge would open in May"},
		{"“We are ready,” the minister told reporters on Monday.", "the minister", "told", "“We are ready,”"},
		{"Senator Smith argued that taxes were too high.", "Senator Smith", "argued", "that taxes were too high"},
	}
	tk := tokenize.New()
	for _, tt := range tests {
		d := &document.Doc{Text: "Headline\n\n" + tt.text}
		tk.Tokenize(d)
		sts := m.Statements(d)
		if len(sts) != 1 {
			t.Errorf("%q: %d statements, want 1", tt.text, len(sts))
			continue
		}
		st := sts[0]
		if got := d.Slice(st.Source); got != tt.source {
			t.Errorf("%q: source %q, want %q", tt.text, got, tt.source)
		}
		if got := d.Slice(st.Cue); got != tt.cue {
			t.Errorf("%q: cue %q, want %q", tt.text, got, tt.cue)
		}
		if got := d.Slice(st.Content[0]); got != tt.content {
			t.Errorf("%q: content %q, want %q", tt.text, got, tt.content)
		}
	}
	// Negated cues give no statement.
	d := &document.Doc{Text: "Headline\n\nJones declined to comment on the plan."}
	tk.Tokenize(d)
	if sts := m.Statements(d); len(sts) != 0 {
		t.Errorf("negated cue: %d statements", len(sts))
	}
}

// TestStatementsOwned checks that what Statements returns is the caller's: the model's
// scratch, which it reuses for the next document, holds none of it, and no statement's
// content shares room with another's.
func TestStatementsOwned(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tk := tokenize.New()
	doc := func(text string) *document.Doc {
		d := &document.Doc{Text: text}
		tk.Tokenize(d)
		return d
	}
	a := doc("Council approves bridge\n\n" + strings.Repeat("Eastport Mayor Jane Alder said on Tuesday that the new bridge "+
		"would open in May. “We have learned a lot,” Alder told reporters. “It will be fine.”\n\n", 5))
	b := doc("Headline\n\nThe minister said that taxes were too high. “We are ready,” she told reporters.")
	got := m.Statements(a)
	if len(got) < 2 {
		t.Fatalf("%d statements, want several", len(got))
	}
	want := make([]document.Statement, len(got))
	for i, st := range got {
		want[i] = st
		want[i].Content = slices.Clone(st.Content)
	}
	if len(m.Statements(b)) == 0 {
		t.Fatal("no statements in the second document")
	}
	for i := range got {
		got[i].Content = append(got[i].Content, document.Span{Start: -1, End: -1})
	}
	for i := range got {
		got[i].Content = got[i].Content[:len(got[i].Content)-1]
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("statements changed after the next documents:\ngot  %+v\nwant %+v", got, want)
	}
}

func TestCombine(t *testing.T) {
	sp := func(a, b int) document.Span { return document.Span{Start: a, End: b} }
	model := []document.Statement{
		{Cue: sp(10, 14), Content: []document.Span{sp(20, 40)}, Continues: -1, Rule: "model"},
		{Cue: sp(50, 54), Content: []document.Span{sp(60, 70)}, Continues: -1, Rule: "model"},
	}
	rules := []document.Statement{
		{Source: sp(0, 5), Content: []document.Span{sp(0, 8)}, Continues: -1, Rule: "headline"}, // kept: no model statement there
		{Cue: sp(11, 15), Content: []document.Span{sp(20, 30)}, Continues: -1, Rule: "cue"},     // the model found this cue: dropped
		{Content: []document.Span{sp(42, 48)}, Continues: 1, Rule: "quote-runs-on"},             // continues the dropped one: now the model's
		{Cue: sp(80, 84), Content: []document.Span{sp(85, 95)}, Continues: -1, Rule: "cue"},     // the model missed it: added
		{Content: []document.Span{sp(62, 66)}, Continues: 3, Rule: "quote-runs-on"},             // overlaps a model content: dropped
	}
	got := Combine("", model, rules)
	want := []struct {
		rule      string
		continues int
	}{{"headline", -1}, {"model", -1}, {"quote-runs-on", 1}, {"model", -1}, {"cue", -1}}
	if len(got) != len(want) {
		for _, st := range got {
			t.Logf("%+v", st)
		}
		t.Fatalf("%d statements, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Rule != w.rule || got[i].Continues != w.continues {
			t.Errorf("statement %d: rule %q continues %d, want %q and %d", i, got[i].Rule, got[i].Continues, w.rule, w.continues)
		}
	}
}

func BenchmarkStatements(b *testing.B) {
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	text := "Council approves bridge\n\n"
	for i := 0; i < 20; i++ {
		text += "Eastport Mayor Jane Alder said on Tuesday that the new bridge would open in May. “We have learned a lot,” Alder told reporters. According to the auditor, the project is over budget.\n\n"
	}
	d := &document.Doc{Text: text}
	tokenize.New().Tokenize(d)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Statements(d)
	}
}

// FuzzLoad feeds Load damaged models: it must return an error or a usable model, never
// panic or allocate without bound.
func FuzzLoad(f *testing.F) {
	m := Embedded()
	f.Add(m[:len(modelMagic)+4])
	f.Add(m[:4096])
	// The word table, cut and whole, behind a valid header, metadata and weights.
	for _, cut := range []int{len(m) - 1, len(m) - 200, len(m) / 2} {
		f.Add(m[:cut])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		model, err := Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		d := &document.Doc{Text: "“We will,” she said. The mayor said the bridge would open."}
		tokenize.New().Tokenize(d)
		model.Statements(d)
	})
}

// BenchmarkStatementsPolNeAR runs the model over PolNeAR dev's 84 news articles, tokenized
// and tagged with parts of speech beforehand as the pipeline does: real articles, with the
// lengths, quotations and cue density of news.
func BenchmarkStatementsPolNeAR(b *testing.B) {
	m, docs, size := taggedNews(b, "dev")
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			m.Statements(d)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs))/1e3, "µs/article")
}

// TestCombineTakesRuleSource checks that a model statement without a source takes the source
// of the rule statement with the same cue, unless that source lies in the content.
func TestCombineTakesRuleSource(t *testing.T) {
	sp := func(a, b int) document.Span { return document.Span{Start: a, End: b} }
	for _, tc := range []struct {
		name      string
		ruleSrc   document.Span
		modelSrc  document.Span
		wantSrc   document.Span
		ruleCueAt int
	}{
		{"filled", sp(0, 5), document.Span{}, sp(0, 5), 10},
		{"model's own kept", sp(0, 5), sp(6, 9), sp(6, 9), 10},
		{"inside the content: not taken", sp(22, 25), document.Span{}, document.Span{}, 10},
		{"other cue: not taken", sp(0, 5), document.Span{}, document.Span{}, 50},
	} {
		model := []document.Statement{{Source: tc.modelSrc, Cue: sp(10, 14), Content: []document.Span{sp(20, 40)}, Continues: -1, Rule: "model"}}
		rules := []document.Statement{{Source: tc.ruleSrc, Cue: sp(tc.ruleCueAt, tc.ruleCueAt+4), Content: []document.Span{sp(60, 70)}, Continues: -1, Rule: "cue"}}
		var got document.Span
		for _, st := range Combine("", model, rules) {
			if st.Rule == "model" {
				got = st.Source
			}
		}
		if got != tc.wantSrc {
			t.Errorf("%s: source %v, want %v", tc.name, got, tc.wantSrc)
		}
	}
}

// TestModelTransitions checks that the embedded model's transition weights are found: their
// features' hashes must be the same on every platform as where the model was trained. Where
// int has 32 bits (GOARCH=386) learn.Trans once hashed otherwise, and both taggers decoded
// with all transitions zero (PolNeAR dev exact content F1 55.3 fell to 42.9).
func TestModelTransitions(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		w    *learn.Weights
		k    int
	}{
		{"cue", m.cue, nCue},
		{"role", m.role, nRole},
	}
	for _, tt := range tests {
		for p := learn.Start; p < tt.k; p++ {
			if tt.w.Vec(learn.Trans(p)) == nil {
				t.Errorf("%s tagger: no weights for the transitions from class %d", tt.name, p)
			}
		}
	}
}

// TestVerbClitic checks which contractions give the cue their verb: a pronoun's, not a
// noun's "’s" (a possessive as often), nor "n’t", nor a host that is not a word.
func TestVerbClitic(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"He’s", 2}, {"he's", 2}, {"It's", 2}, {"they've", 4}, {"I'm", 1}, {"we’ll", 2},
		{"She'd", 3}, {"THEY'RE", 4},
		{"Trump’s", -1}, {"don't", -1}, {"isn’t", -1}, {"said", -1}, {"3’s", -1}, {"’s", -1},
	}
	for _, tt := range tests {
		if got := verbClitic(tt.word); got != tt.want {
			t.Errorf("verbClitic(%q) = %d, want %d", tt.word, got, tt.want)
		}
	}
}
