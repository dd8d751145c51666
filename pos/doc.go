package pos

import "github.com/whosaid/whosaid/document"

// TagDoc tags the parts of speech of d's tokens, sentence by sentence, into d.POS: the
// pipeline does it once for the stages that read them (the entity tagger, the attribution
// model).
func (t *Tagger) TagDoc(d *document.Doc) {
	d.POS = make([]uint8, len(d.Tokens))
	t.TagTokens(d, d.POS, nil)
}

// TagTokens writes the tags of d's tokens into out (as long as d.Tokens) as TagDoc does,
// using s as working memory when it is not nil (a caller that tags many documents keeps one
// Scratch per goroutine).
func (t *Tagger) TagTokens(d *document.Doc, out []uint8, s *Scratch) {
	if s == nil {
		s = new(Scratch)
	}
	for _, st := range d.Sentences {
		n := st.EndToken - st.FirstToken
		s.words = s.words[:0]
		for _, tok := range d.Tokens[st.FirstToken:st.EndToken] {
			s.words = append(s.words, d.Text[tok.Start:tok.End])
		}
		if cap(s.tags) < n {
			s.tags = make([]Tag, n)
		}
		tags := s.tags[:n]
		t.Tag(s.words, tags)
		for i, tag := range tags {
			out[st.FirstToken+i] = uint8(tag)
		}
	}
}

// Scratch is the working memory of TagTokens.
type Scratch struct {
	words []string
	tags  []Tag
}
