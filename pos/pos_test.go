package pos

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/internal/sharedtest"
	"github.com/whosaid/whosaid/tokenize"
)

var writeModelFlag = flag.Bool("write-model", false, "TestRetrain: write the trained model to model.bin")

// conllDir is CoNLL-2003 in the shared data beside the project, "" when absent.
func conllDir() string {
	dir := filepath.Join("..", "..", "shared", "data", "conll2003")
	if _, err := os.Stat(filepath.Join(dir, "train.txt")); err != nil {
		return ""
	}
	return dir
}

// words splits a test sentence on spaces.
func words(s string) []string { return strings.Fields(s) }

func TestTagSentences(t *testing.T) {
	tg := Default()
	tests := []struct {
		sentence string
		want     map[string]Tag // word → tag, for the words worth checking
	}{
		{"The mayor said on Monday that the bridge will open .",
			map[string]Tag{"The": DT, "mayor": NN, "said": VBD, "on": IN, "Monday": NNP, "that": IN,
				"bridge": NN, "will": MD, "open": VB, ".": Period}},
		{"“ We will not resign , ” Smith told reporters in London .",
			map[string]Tag{"“": Quote, "We": PRP, "resign": VB, "”": Quote, "Smith": NNP, "told": VBD,
				"reporters": NNS, "London": NNP}},
		{"Police say the suspects fled after the shooting .",
			map[string]Tag{"Police": NNS, "say": VBP, "suspects": NNS, "fled": VBD}},
		{"She has repeatedly denied the allegations , according to her lawyer .",
			map[string]Tag{"She": PRP, "has": VBZ, "repeatedly": RB, "denied": VBN, "allegations": NNS,
				"her": PRPS, "lawyer": NN}},
		{"Trump’s spokesman didn’t comment on the report .",
			map[string]Tag{"Trump’s": NNP, "spokesman": NN, "didn’t": VBD, "comment": VB}},
		{"It's not clear who wrote the letter , officials said .",
			map[string]Tag{"It's": PRP, "who": WP, "wrote": VBD, "officials": NNS, "said": VBD}},
		{"The company’s shares rose 3.5 percent to $ 12 in 1996 .",
			map[string]Tag{"company’s": NN, "shares": NNS, "rose": VBD, "3.5": CD, "$": Dollar, "12": CD,
				"1996": CD}},
	}
	for _, tc := range tests {
		ws := words(tc.sentence)
		out := make([]Tag, len(ws))
		tg.Tag(ws, out)
		var got strings.Builder
		for i, w := range ws {
			got.WriteString(w + "/" + out[i].String() + " ")
		}
		for i, w := range ws {
			if want, ok := tc.want[w]; ok && out[i] != want {
				t.Errorf("%s: %s is %v, want %v\n\t%s", tc.sentence, w, out[i], want, got.String())
			}
		}
	}
}

func TestSplitClitic(t *testing.T) {
	for _, tc := range []struct{ w, host, clitic string }{
		{"don’t", "do", "n’t"}, {"can't", "ca", "n't"}, {"Trump’s", "Trump", "’s"}, {"we'll", "we", "'ll"},
		{"they’re", "they", "’re"}, {"I'd", "I", "'d"}, {"I’m", "I", "’m"}, {"DON'T", "DO", "N'T"},
		{"O'Neill", "O'Neill", ""}, {"gov't", "gov't", ""}, {"'s", "'s", ""}, {"n't", "n't", ""},
		{"’", "’", ""}, {"", "", ""}, {"rock'n'roll", "rock'n'roll", ""}, {"it", "it", ""},
	} {
		h, c := SplitClitic(tc.w)
		if h != tc.host || c != tc.clitic {
			t.Errorf("SplitClitic(%q) = %q, %q; want %q, %q", tc.w, h, c, tc.host, tc.clitic)
		}
	}
}

// TestNormalisation checks that whosaid's typographic tokens look like CoNLL's ASCII ones.
func TestNormalisation(t *testing.T) {
	for _, tc := range [][2]string{
		{"“", `"`}, {"”", `"`}, {"’", "'"}, {"—", "--"}, {"–", "--"}, {"…", "..."}, {"O’Brien", "O'Brien"},
		{"«", `"`},
	} {
		if analyse(tc[0]) != analyse(tc[1]) {
			t.Errorf("%q and %q hash differently", tc[0], tc[1])
		}
		if got := normString(tc[0]); got != tc[1] {
			t.Errorf("normString(%q) = %q, want %q", tc[0], got, tc[1])
		}
	}
	for _, q := range []string{"‘", "``", "''", "`"} {
		if canonical(q) != `"` {
			t.Errorf("canonical(%q) = %q", q, canonical(q))
		}
	}
	if analyse("Said") == analyse("said") || analyse("said").lower != analyse("Said").lower {
		t.Error("case: word should differ, lower case should not")
	}
}

func TestTags(t *testing.T) {
	if len(Tagset()) != NumTags {
		t.Fatalf("Tagset has %d tags, NumTags is %d", len(Tagset()), NumTags)
	}
	for _, tag := range Tagset() {
		if got, ok := ParseTag(tag.String()); !ok || got != tag {
			t.Errorf("ParseTag(%q) = %v, %v", tag.String(), got, ok)
		}
	}
	if None.String() != "NONE" || Tag(200).String() != "Tag(200)" || PRPS.String() != "PRP$" {
		t.Error("String of None, out of range or PRP$")
	}
	if _, ok := ParseTag("XYZ"); ok {
		t.Error(`ParseTag("XYZ") succeeded`)
	}
	checks := []struct {
		name string
		is   func(Tag) bool
		tags []Tag
	}{
		{"IsVerb", Tag.IsVerb, []Tag{VB, VBD, VBG, VBN, VBP, VBZ}},
		{"IsModal", Tag.IsModal, []Tag{MD}},
		{"IsPredicate", Tag.IsPredicate, []Tag{VB, VBD, VBG, VBN, VBP, VBZ, MD}},
		{"IsNoun", Tag.IsNoun, []Tag{NN, NNS, NNP, NNPS}},
		{"IsProperNoun", Tag.IsProperNoun, []Tag{NNP, NNPS}},
		{"IsPlural", Tag.IsPlural, []Tag{NNS, NNPS}},
		{"IsPronoun", Tag.IsPronoun, []Tag{EX, PRP, PRPS, WP, WPS}},
		{"IsPossessive", Tag.IsPossessive, []Tag{POS, PRPS, WPS}},
		{"IsAdjective", Tag.IsAdjective, []Tag{JJ, JJR, JJS}},
		{"IsAdverb", Tag.IsAdverb, []Tag{RB, RBR, RBS, WRB}},
		{"IsDeterminer", Tag.IsDeterminer, []Tag{DT, PDT, WDT}},
		{"IsWh", Tag.IsWh, []Tag{WDT, WP, WPS, WRB}},
		{"IsNumber", Tag.IsNumber, []Tag{CD}},
		{"IsPunct", Tag.IsPunct, []Tag{SYM, Dollar, Quote, CloseQuote, LRB, RRB, Comma, Period, Colon}},
	}
	for _, c := range checks {
		for tag := Tag(0); tag <= NumTags+1; tag++ {
			want := false
			for _, x := range c.tags {
				want = want || x == tag
			}
			if c.is(tag) != want {
				t.Errorf("%v.%s() = %v", tag, c.name, !want)
			}
		}
	}
}

func TestTagEdgeCases(t *testing.T) {
	tg := Default()
	tg.Tag(nil, nil)
	out := []Tag{None, None}
	tg.Tag([]string{"Hello"}, out)
	if out[0] == None || out[1] != None {
		t.Errorf("one word: %v", out)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic with out shorter than words")
		}
	}()
	tg.Tag([]string{"a", "b"}, out[:1])
}

func TestTagAllocs(t *testing.T) {
	tg := Default()
	ws := words("“ I don’t think it’s a good idea , ” the Minister of State for Europe said on Thursday … — really !")
	out := make([]Tag, len(ws))
	if n := testing.AllocsPerRun(100, func() { tg.Tag(ws, out) }); n != 0 {
		t.Errorf("Tag allocates %v times per sentence", n)
	}
}

func TestConcurrent(t *testing.T) {
	tg := Default()
	sents := [][]string{
		words("The mayor said on Monday that the bridge will open ."),
		words("Putin said : “ Read my lips : No . ”"),
		words("Shares in Acme Corp rose 5 percent on Tuesday after its chief executive resigned ."),
	}
	want := make([][]Tag, len(sents))
	for i, s := range sents {
		want[i] = make([]Tag, len(s))
		tg.Tag(s, want[i])
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 200; r++ {
				i := (g + r) % len(sents)
				out := make([]Tag, len(sents[i]))
				tg.Tag(sents[i], out)
				for j := range out {
					if out[j] != want[i][j] {
						t.Errorf("goroutine %d: sentence %d word %d: %v, want %v", g, i, j, out[j], want[i][j])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestLoadErrors(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("this is not a model"),
		"truncated": model[:len(model)/2],
	} {
		if _, err := Load(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestLoadTime checks that Default is quick; the bound is loose so that a busy machine does
// not fail it (it takes about 15 ms).
func TestLoadTime(t *testing.T) {
	start := time.Now()
	Default()
	d := time.Since(start)
	t.Logf("Default: %v", d)
	if d > 500*time.Millisecond && !testing.Short() {
		t.Errorf("Default took %v", d)
	}
}

// TestAccuracy measures the embedded model on CoNLL valid (95.43% when it was trained).
func TestAccuracy(t *testing.T) {
	dir := conllDir()
	if dir == "" {
		t.Skip("no ../shared/data/conll2003")
	}
	ss, err := readCoNLL(filepath.Join(dir, "valid.txt"))
	if err != nil {
		t.Fatal(err)
	}
	acc := Default().accuracy(ss)
	t.Logf("CoNLL valid: %.2f%% of %d tokens", 100*acc, countTokens(ss))
	if acc < 0.952 {
		t.Errorf("accuracy %.2f%% on CoNLL valid, want at least 95.2%%", 100*acc)
	}
}

// TestRetrain trains on CoNLL-2003 and checks that the result is the embedded model, byte
// for byte; with -write-model it writes model.bin instead.
func TestRetrain(t *testing.T) {
	dir := conllDir()
	if dir == "" {
		t.Skip("no ../shared/data/conll2003")
	}
	if testing.Short() && !*writeModelFlag {
		t.Skip("-short")
	}
	var log bytes.Buffer
	m, rep, err := Train(dir, &log)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", log.String())
	if rep.Epochs != defaultConfig.epochs || rep.TrainTokens == 0 || rep.ValidTokens == 0 || rep.ModelBytes != len(m) ||
		rep.ValidAccuracy < 0.9 || rep.TrainAccuracy < rep.ValidAccuracy || rep.Features == 0 || rep.DictWords == 0 {
		t.Errorf("implausible report: %+v", rep)
	}
	if *writeModelFlag {
		if err := os.WriteFile("model.bin", m, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote model.bin (%d bytes)", len(m))
		return
	}
	if !bytes.Equal(m, model) {
		t.Errorf("trained model (%d bytes) differs from the embedded model.bin (%d bytes); "+
			"if the change is intended, run go test ./pos -run TestRetrain -write-model", len(m), len(model))
	}
}

func TestTrainMissingData(t *testing.T) {
	if _, _, err := Train(t.TempDir(), nil); err == nil {
		t.Error("no error without train.txt")
	}
}

// FuzzTag checks that any words, however odd, are tagged without panicking.
func FuzzTag(f *testing.F) {
	tg := Default()
	for _, s := range []string{
		"The mayor said on Monday that the bridge will open .",
		"don’t Trump’s ’ ‘ “ ” — … 1996 3.5 n't 's",
		"\xff\xfe a\x00b  ",
		"ÉTAT d’Italia ’90s ₂ 東京 👍",
		"", "'", "’s", "n’t", "''",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws := strings.Split(s, " ") // keeps empty words
		out := make([]Tag, len(ws))
		tg.Tag(ws, out)
		for i, tag := range out {
			if tag < 1 || tag > NumTags {
				t.Fatalf("word %d %q: tag %d", i, ws[i], tag)
			}
		}
	})
}

// BenchmarkTag tags CoNLL valid when present, else a built-in sentence, and reports tokens
// per second.
func BenchmarkTag(b *testing.B) {
	tg := Default()
	var sents [][]string
	if dir := conllDir(); dir != "" {
		ss, err := readCoNLL(filepath.Join(dir, "valid.txt"))
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range ss {
			sents = append(sents, s.words)
		}
	} else {
		sents = [][]string{words("“ We said on numerous occasions that we are confident , ” Russian President Vladimir Putin told a conference in Moscow on Thursday , adding that the U.S. investigation wasn’t justified .")}
	}
	n := 0
	for _, s := range sents {
		n += len(s)
	}
	out := make([]Tag, 512)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			tg.Tag(s, out)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkTagNews tags PolNeAR's training articles with TagDoc, as the pipeline does, and
// reports tokens per second.
func BenchmarkTagNews(b *testing.B) {
	docs, n := newsDocs(b)
	tg := Default()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			tg.TagDoc(d)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkTagNewsCold is BenchmarkTagNews with the processor's caches evicted before each
// article, untimed, as the pipeline's other stages evict them between one article's tagging
// and the next: it measures what tagging costs in a pipeline, where most of it is waiting for
// memory, which BenchmarkTagNews, tagging article after article with nothing between, hides.
func BenchmarkTagNewsCold(b *testing.B) {
	docs, n := newsDocs(b)
	tg := Default()
	per := sharedtest.Cold(b, len(docs), func(i int) { tg.TagDoc(docs[i]) })
	b.ReportMetric(float64(n)/float64(len(docs))/per.Seconds(), "tokens/s")
}

// newsDocs returns PolNeAR's training articles tokenized, and their number of tokens.
func newsDocs(b *testing.B) ([]*document.Doc, int) {
	texts, _ := sharedtest.Texts(b, "data", "polnear", "train", "text")
	tk := tokenize.New()
	docs := make([]*document.Doc, len(texts))
	n := 0
	for i, text := range texts {
		docs[i] = &document.Doc{Text: text}
		tk.Tokenize(docs[i])
		n += len(docs[i].Tokens)
	}
	return docs, n
}

func BenchmarkDefault(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Default()
	}
}

// TestTagDoc checks that TagDoc tags each sentence as Tag does.
func TestTagDoc(t *testing.T) {
	tg := Default()
	d := &document.Doc{Text: "The mayor said it. Bridges open in May."}
	tokenize.New().Tokenize(d)
	tg.TagDoc(d)
	if len(d.POS) != len(d.Tokens) {
		t.Fatalf("%d tags for %d tokens", len(d.POS), len(d.Tokens))
	}
	for _, st := range d.Sentences {
		var words []string
		for _, tok := range d.Tokens[st.FirstToken:st.EndToken] {
			words = append(words, d.Text[tok.Start:tok.End])
		}
		want := make([]Tag, len(words))
		tg.Tag(words, want)
		for i, w := range want {
			if got := Tag(d.POS[st.FirstToken+i]); got != w {
				t.Errorf("%q: %v, Tag gives %v", words[i], got, w)
			}
		}
	}
	if got := Tag(d.POS[2]); got.String() != "VBD" {
		t.Errorf("said: %v, want VBD", got)
	}
}

// newsSentences returns the sentences of PolNeAR's training articles, as whosaid's tokenizer
// cuts them, or none when the shared data is absent.
func newsSentences(t *testing.T) [][]string {
	dir := filepath.Join("..", "..", "shared", "data", "polnear", "train", "text")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	tk := tokenize.New()
	var sents [][]string
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := &document.Doc{Text: string(text)}
		tk.Tokenize(d)
		for _, st := range d.Sentences {
			var ws []string
			for _, tok := range d.Tokens[st.FirstToken:st.EndToken] {
				ws = append(ws, d.Text[tok.Start:tok.End])
			}
			sents = append(sents, ws)
		}
	}
	return sents
}

// TestPredictExact checks that predict, which scores only the tags that may win, gives the
// tag predictAll gives, scoring all of them, for every token of CoNLL valid and of PolNeAR's
// training articles (when present) that the dictionary does not tag: the scores must be the
// same to the last bit.
func TestPredictExact(t *testing.T) {
	tg := Default()
	sents := [][]string{words("“ We said on numerous occasions that we are confident , ” Russian President Vladimir Putin told a conference in Moscow on Thursday , adding that the U.S. investigation wasn’t justified .")}
	if dir := conllDir(); dir != "" {
		ss, err := readCoNLL(filepath.Join(dir, "valid.txt"))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			sents = append(sents, s.words)
		}
	}
	if !testing.Short() {
		sents = append(sents, newsSentences(t)...)
	}
	var s Scratch
	n := 0
	for _, words := range sents {
		toks := tg.read(&wordList{words: words}, &s)
		p1, p2 := tagStart1, tagStart2
		w1 := &tg.start
		for v := range toks {
			w0 := &toks[v]
			tag := w0.m.dict
			if tag == None {
				n1 := &tg.finish
				if v+1 < len(toks) {
					n1 = toks[v+1].in
				}
				_, f := tagFeatures(p2, p1, w0.in.lower)
				pl := tg.tab.find(mix(f))
				tag = tg.predict(p2, p1, w1, w0, n1, pl, &s.scores)
				sp := [6]pspan{tg.prevTags[p1&63][p2&63].span.pack(), pl.pack(), w1.ctx[0], w1.ctx[1],
					n1.ctx[2], n1.ctx[3]}
				if all := tg.predictAll(&sp, w0, &s.scores); tag != all {
					t.Errorf("%q, token %d: predict gives %v, predictAll %v", words, v, tag, all)
				}
				n++
			}
			p2, p1 = p1, tag
			w1 = w0.in
		}
	}
	t.Logf("%d tokens predicted", n)
}

// TestDenseWeights checks that the table's weights alone (table.w), which tagging reads,
// are those of table.ws, and that addSpan, which finds their classes from the bits of a
// span's mask, adds each weight of every feature of the dictionary's words to its class.
func TestDenseWeights(t *testing.T) {
	tg := Default()
	tab := tg.tab
	if len(tab.w) != len(tab.ws) {
		t.Fatalf("%d dense weights, %d weights", len(tab.w), len(tab.ws))
	}
	for i, w := range tab.ws {
		if math.Float32bits(tab.w[i]) != math.Float32bits(w.w) {
			t.Fatalf("weight %d: dense %v, %v", i, tab.w[i], w.w)
		}
	}
	spans := []span{{}, tg.prevTags[tagStart1&63][tagStart2&63].span}
	for _, in := range append([]info{tg.start, tg.finish}, tg.known.infos...) {
		for _, p := range in.ctx {
			spans = append(spans, p.span())
		}
	}
	n := 0
	for _, s := range spans {
		var got, want [256]float32
		for c := range got {
			got[c], want[c] = float32(c), float32(c)
		}
		tab.addSpan(&got, s)
		for _, w := range tab.ws[s.start:s.end()] {
			want[w.c] += w.w
		}
		if got != want {
			t.Fatalf("span %+v: addSpan gives %v, want %v", s, got[:numTags], want[:numTags])
		}
		if s.mask != 0 {
			n++
		}
	}
	if n == 0 {
		t.Fatal("no span with weights checked")
	}
}

// TestBoundOf checks that boundOf rounds up to the least bound.
func TestBoundOf(t *testing.T) {
	// below returns the bound next below b.
	below := func(b bound) bound {
		switch {
		case b == 0:
			return 0x8001
		case b&0x8000 == 0:
			return b - 1
		}
		return b + 1
	}
	for _, x := range []float32{0, 1, -1, 1.5, 0.1, -0.1, 3.14159, -3.14159, 1e-30, -1e30,
		math.MaxFloat32, -math.MaxFloat32, float32(math.Inf(1))} {
		b := boundOf(x)
		if b.f32() < x {
			t.Errorf("boundOf(%v) = %v, below it", x, b.f32())
		}
		if b.f32() != x && below(b).f32() >= x {
			t.Errorf("boundOf(%v) = %v, not the least: %v is not below it", x, b.f32(), below(b).f32())
		}
	}
}

// TestPairBounds checks, for the features that the words of the dictionary give their
// neighbours, that pairBounds bounds what each class gets from a pair of them.
func TestPairBounds(t *testing.T) {
	tg := Default()
	ins := append([]info{tg.start, tg.finish}, tg.known.infos...)
	for _, in := range ins {
		for _, pair := range [][2]pspan{{in.ctx[0], in.ctx[1]}, {in.ctx[2], in.ctx[3]}} {
			a, b := tg.withTop(pair[0]), tg.withTop(pair[1])
			c, top, rest := tg.pairBounds(a, b)
			var got [256]float32
			for _, s := range []span{a, b} {
				for _, w := range tg.tab.ws[s.start:s.end()] {
					got[w.c] += max(w.w, 0)
				}
			}
			for cl, x := range got[:numTags] {
				lim := rest
				if cl == int(c) {
					lim = top
				}
				if float64(x) > float64(lim.f32()) {
					t.Errorf("class %d gets %v, bound %v (c %d, top %v, rest %v)", cl, x, lim.f32(), c, top.f32(), rest.f32())
				}
			}
		}
	}
}

// withTop returns p as a span, with its top.
func (t *Tagger) withTop(p pspan) span {
	s := p.span()
	for _, w := range t.tab.ws[s.start:s.end()] {
		s.top = max(s.top, w.w)
	}
	return s
}
