package pos

import (
	"bufio"
	"bytes"
	"compress/flate"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/whosaid/whosaid/learn"
)

// model is the embedded model, as Train produced it.
//
//go:embed model.bin
var model []byte

// Tagger tags sentences. It is read-only after loading and safe for concurrent use.
type Tagger struct {
	tab  *table
	dict map[string]Tag // frequent unambiguous words, normalised, case kept
}

// Default loads the embedded model. Loading takes a few milliseconds and some megabytes, so
// call it once and keep the Tagger: every call loads the model anew.
func Default() *Tagger {
	t, err := Load(bytes.NewReader(model))
	if err != nil {
		panic("pos: embedded model: " + err.Error())
	}
	return t
}

const modelMagic = "whosaid-pos-1\n"

// dictMaxLen bounds the length of tag dictionary keys, so that lookups can normalise a word
// into a buffer on the stack.
const dictMaxLen = 48

// Load reads a model written by Train.
func Load(r io.Reader) (*Tagger, error) {
	zr := flate.NewReader(r)
	defer zr.Close()
	br := bufio.NewReader(zr)
	head := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, fmt.Errorf("pos: reading model header: %w", err)
	}
	if string(head) != modelMagic {
		return nil, errors.New("pos: not a whosaid part-of-speech model")
	}
	k, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, fmt.Errorf("pos: reading model header: %w", err)
	}
	if k != numTags {
		return nil, fmt.Errorf("pos: model has %d tags, this version knows %d", k, numTags)
	}
	for i := 1; i <= numTags; i++ {
		name, err := readString(br, 16)
		if err != nil {
			return nil, fmt.Errorf("pos: reading tag set: %w", err)
		}
		if name != tagNames[i] {
			return nil, fmt.Errorf("pos: model's tag %d is %q, this version's is %q", i, name, tagNames[i])
		}
	}
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, fmt.Errorf("pos: reading tag dictionary size: %w", err)
	}
	if n > 1<<20 {
		return nil, fmt.Errorf("pos: implausible tag dictionary of %d words", n)
	}
	t := &Tagger{dict: make(map[string]Tag, n)}
	for i := uint64(0); i < n; i++ {
		w, err := readString(br, dictMaxLen)
		if err != nil {
			return nil, fmt.Errorf("pos: reading tag dictionary: %w", err)
		}
		c, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("pos: reading tag dictionary: %w", err)
		}
		if c == 0 || c > numTags {
			return nil, fmt.Errorf("pos: tag dictionary: bad tag %d for %q", c, w)
		}
		t.dict[w] = Tag(c)
	}
	if t.tab, err = readTable(br); err != nil {
		return nil, fmt.Errorf("pos: reading weights: %w", err)
	}
	return t, nil
}

// readTable reads the weights as writeModel writes them: the number of features and of
// weights, then for each feature its hash (8 bytes), its number of weights (1 byte) and
// each weight as a class (1 byte) and a float32.
func readTable(br *bufio.Reader) (*table, error) {
	nf, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	np, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	if nf > 1<<24 || np > numTags*nf {
		return nil, fmt.Errorf("implausible size: %d features, %d weights", nf, np)
	}
	tab := newTable(int(nf), int(np))
	got := 0
	var rec [8]byte
	var cls [numTags]uint8
	var ws [numTags]float32
	for i := uint64(0); i < nf; i++ {
		if _, err := io.ReadFull(br, rec[:]); err != nil {
			return nil, err
		}
		f := learn.Hash(binary.LittleEndian.Uint64(rec[:]))
		c, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		if c == 0 || c > numTags || uint64(got)+uint64(c) > np {
			return nil, fmt.Errorf("feature %d: bad weight count %d", i, c)
		}
		for j := range ws[:c] {
			if _, err := io.ReadFull(br, rec[:5]); err != nil {
				return nil, err
			}
			if rec[0] >= numTags {
				return nil, fmt.Errorf("feature %d: bad class %d", i, rec[0])
			}
			cls[j] = rec[0]
			ws[j] = math.Float32frombits(binary.LittleEndian.Uint32(rec[1:5]))
		}
		if tab.has(f) {
			return nil, fmt.Errorf("feature %d repeated", i)
		}
		tab.add(f, cls[:c], ws[:c])
		got += int(c)
	}
	return tab, nil
}

func readString(br *bufio.Reader, max int) (string, error) {
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return "", err
	}
	if n > uint64(max) {
		return "", fmt.Errorf("string of %d bytes", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// slot is one token of the tagging window.
type slot struct {
	piece
	dict Tag // from the tag dictionary, or None
	word int // index of the word the token belongs to; -1 for the clitic of a contraction
}

// lookup returns the tag dictionary's tag for token s, or None.
func (t *Tagger) lookup(s string) Tag {
	if len(s) > dictMaxLen {
		return None
	}
	var buf [dictMaxLen]byte
	out, same, ok := normalize(s, buf[:0])
	switch {
	case same:
		return t.dict[s]
	case ok:
		return t.dict[string(out)]
	}
	return None
}

// cursor walks the words of a sentence as Penn Treebank tokens: a contraction gives two,
// its host and its clitic.
type cursor struct {
	words   []string
	j       int    // next word
	clitic  string // pending clitic of word j-1
	pending bool
}

// next fills s with the next token; false at the end of the sentence.
func (t *Tagger) next(c *cursor, s *slot) bool {
	if c.pending {
		c.pending = false
		s.piece = analyse(c.clitic)
		s.dict = t.lookup(c.clitic)
		s.word = -1
		return true
	}
	if c.j >= len(c.words) {
		return false
	}
	host, clitic := splitClitic(canonical(c.words[c.j]))
	s.piece = analyse(host)
	s.dict = t.lookup(host)
	s.word = c.j
	c.j++
	if clitic != "" {
		c.clitic, c.pending = clitic, true
	}
	return true
}

// Tag tags the words of one sentence, writing the tag of words[i] into out[i]; out must be
// at least as long as words. Words are tokens as whosaid's tokenizer or CoNLL-2003 cut them:
// typographic quotes and apostrophes are read as their ASCII forms, and a contraction such
// as "don’t" or "Trump’s" is tagged as the Penn Treebank would tag its first part ("do" VBP,
// "Trump" NNP) with its clitic as context. Tag does not allocate.
func (t *Tagger) Tag(words []string, out []Tag) {
	if len(out) < len(words) {
		panic("pos: Tag: out is shorter than words")
	}
	var (
		ring   [4]slot // tokens v-1, v, v+1 of the window, at index v&3
		c      = cursor{words: words}
		n      int // tokens read into the ring
		p1, p2 = tagStart1, tagStart2
		feats  [nFeat]learn.Hash
		scores [64]float32
	)
	for v := 0; ; v++ {
		for n <= v+1 && t.next(&c, &ring[n&3]) {
			n++
		}
		if v >= n {
			return
		}
		cur := &ring[v&3]
		tag := cur.dict
		if tag == None {
			w1, n1 := &startPiece, &endPiece
			if v >= 1 {
				w1 = &ring[(v-1)&3].piece
			}
			if v+1 < n {
				n1 = &ring[(v+1)&3].piece
			}
			features(&feats, p2, p1, w1, &cur.piece, n1)
			scores = [64]float32{}
			t.tab.score(&feats, &scores)
			tag = Tag(learn.Argmax(scores[:numTags]) + 1)
		}
		if cur.word >= 0 {
			out[cur.word] = tag
		}
		p2, p1 = p1, tag
	}
}
