package pos

import "strconv"

// Tag is a Penn Treebank part-of-speech tag. The zero value, None, means "not tagged"; the
// tagger never produces it.
type Tag uint8

// The Penn Treebank tags of CoNLL-2003, in the model's class order. Tags whose PTB name is
// not a Go identifier are spelled out: PRPS is "PRP$", WPS is "WP$", Dollar is "$", Quote is
// the straight double quote `"` that CoNLL uses for every double quotation mark, CloseQuote is
// "”", LRB and RRB are "(" and ")". The PTB's "“" and "#" do not occur in CoNLL-2003 and
// are not in the tag set.
const (
	None       Tag = iota
	CC             // coordinating conjunction: and, but
	CD             // cardinal number: 12, two
	DT             // determiner: the, a, this
	EX             // existential there
	FW             // foreign word
	IN             // preposition or subordinating conjunction: on, that, because
	JJ             // adjective
	JJR            // adjective, comparative
	JJS            // adjective, superlative
	LS             // list item marker
	MD             // modal: will, would, can
	NN             // noun, singular or mass
	NNS            // noun, plural
	NNP            // proper noun, singular
	NNPS           // proper noun, plural
	PDT            // predeterminer: all (the), both
	POS            // possessive ending: 's
	PRP            // personal pronoun: he, they
	PRPS           // possessive pronoun "PRP$": his, their
	RB             // adverb
	RBR            // adverb, comparative
	RBS            // adverb, superlative
	RP             // particle: (give) up
	SYM            // symbol
	TO             // to
	UH             // interjection
	VB             // verb, base form
	VBD            // verb, past tense: said
	VBG            // verb, gerund or present participle
	VBN            // verb, past participle
	VBP            // verb, non-3rd person singular present
	VBZ            // verb, 3rd person singular present: says
	WDT            // wh-determiner: which, that
	WP             // wh-pronoun: who, what
	WPS            // possessive wh-pronoun "WP$": whose
	WRB            // wh-adverb: when, where
	Dollar         // "$"
	Quote          // `"`, any double quotation mark
	CloseQuote     // "''"
	LRB            // "("
	RRB            // ")"
	Comma          // ","
	Period         // ".", sentence-final punctuation: . ? !
	Colon          // ":", colons, semicolons, dashes, ellipses

	numTags = iota - 1 // tags other than None
)

var tagNames = [numTags + 1]string{
	"NONE", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNS", "NNP",
	"NNPS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD",
	"VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "$", `"`, "''", "(", ")", ",", ".", ":",
}

// NumTags is the number of tags the tagger can produce: Tag values 1 to NumTags.
const NumTags = numTags

// Tagset returns the tags the tagger can produce, in order.
func Tagset() []Tag {
	ts := make([]Tag, numTags)
	for i := range ts {
		ts[i] = Tag(i + 1)
	}
	return ts
}

// String returns the Penn Treebank name of the tag, such as "NNP" or "PRP$".
func (t Tag) String() string {
	if int(t) < len(tagNames) {
		return tagNames[t]
	}
	return "Tag(" + strconv.Itoa(int(t)) + ")"
}

// ParseTag returns the tag of a Penn Treebank name. CoNLL's "NN|SYM" reads as NN and the
// PTB's "“" as Quote.
func ParseTag(name string) (Tag, bool) {
	switch name {
	case "NN|SYM":
		return NN, true
	case "``":
		return Quote, true
	}
	for i := 1; i < len(tagNames); i++ {
		if tagNames[i] == name {
			return Tag(i), true
		}
	}
	return None, false
}

// Word classes, as bits of classOf.
const (
	cVerb = 1 << iota
	cModal
	cNoun
	cProper
	cPlural
	cPronoun
	cPossessive
	cAdjective
	cAdverb
	cDeterminer
	cWh
	cNumber
	cPunct
)

var classOf = [256]uint16{
	CD:   cNumber,
	DT:   cDeterminer,
	EX:   cPronoun,
	JJ:   cAdjective,
	JJR:  cAdjective,
	JJS:  cAdjective,
	MD:   cModal,
	NN:   cNoun,
	NNS:  cNoun | cPlural,
	NNP:  cNoun | cProper,
	NNPS: cNoun | cProper | cPlural,
	PDT:  cDeterminer,
	POS:  cPossessive,
	PRP:  cPronoun,
	PRPS: cPronoun | cPossessive,
	RB:   cAdverb,
	RBR:  cAdverb,
	RBS:  cAdverb,
	VB:   cVerb,
	VBD:  cVerb,
	VBG:  cVerb,
	VBN:  cVerb,
	VBP:  cVerb,
	VBZ:  cVerb,
	WDT:  cDeterminer | cWh,
	WP:   cPronoun | cWh,
	WPS:  cPronoun | cWh | cPossessive,
	WRB:  cAdverb | cWh,

	Dollar: cPunct, Quote: cPunct, CloseQuote: cPunct, LRB: cPunct, RRB: cPunct, Comma: cPunct,
	Period: cPunct, Colon: cPunct, SYM: cPunct,
}

// IsVerb reports whether t is a verb form: VB, VBD, VBG, VBN, VBP or VBZ (not the modal MD).
func (t Tag) IsVerb() bool { return classOf[t]&cVerb != 0 }

// IsModal reports whether t is MD (will, would, can, may, must…).
func (t Tag) IsModal() bool { return classOf[t]&cModal != 0 }

// IsPredicate reports whether t is a verb form or a modal: the head of a clause's predicate.
func (t Tag) IsPredicate() bool { return classOf[t]&(cVerb|cModal) != 0 }

// IsNoun reports whether t is a common or proper noun: NN, NNS, NNP or NNPS.
func (t Tag) IsNoun() bool { return classOf[t]&cNoun != 0 }

// IsProperNoun reports whether t is NNP or NNPS.
func (t Tag) IsProperNoun() bool { return classOf[t]&cProper != 0 }

// IsPlural reports whether t is a plural noun, NNS or NNPS.
func (t Tag) IsPlural() bool { return classOf[t]&cPlural != 0 }

// IsPronoun reports whether t is a pronoun: PRP, PRP$, WP, WP$ or existential there (EX).
func (t Tag) IsPronoun() bool { return classOf[t]&cPronoun != 0 }

// IsPossessive reports whether t marks possession: POS ('s), PRP$ (his) or WP$ (whose).
func (t Tag) IsPossessive() bool { return classOf[t]&cPossessive != 0 }

// IsAdjective reports whether t is JJ, JJR or JJS.
func (t Tag) IsAdjective() bool { return classOf[t]&cAdjective != 0 }

// IsAdverb reports whether t is RB, RBR, RBS or WRB.
func (t Tag) IsAdverb() bool { return classOf[t]&cAdverb != 0 }

// IsDeterminer reports whether t is DT, PDT or WDT.
func (t Tag) IsDeterminer() bool { return classOf[t]&cDeterminer != 0 }

// IsWh reports whether t is a wh-word: WDT, WP, WP$ or WRB.
func (t Tag) IsWh() bool { return classOf[t]&cWh != 0 }

// IsNumber reports whether t is CD.
func (t Tag) IsNumber() bool { return classOf[t]&cNumber != 0 }

// IsPunct reports whether t is punctuation or a symbol: . , : ( ) " ” $ SYM.
func (t Tag) IsPunct() bool { return classOf[t]&cPunct != 0 }
