// Package pos is whosaid's part-of-speech tagger: it gives each token of a sentence a Penn
// Treebank tag (NNP, VBD, PRP…) for the stages that look for speech verbs, names and
// pronouns.
//
// # Design
//
// It is the greedy averaged perceptron of Matthew Honnibal's "A good part-of-speech tagger
// in about 200 lines of Python" (2013), built on package learn. Tokens are tagged left to
// right, each once, from twelve hashed features: the word as written and in lower case,
// its last three letters, its first letter, its shape ("Xx", "X.X.", "d,d"), the tags
// already given to the two tokens before it, the tag before combined with the word, and the
// lower case and last three letters of the words before and after. Numbers fold to !YEAR or
// !DIGITS. A tag dictionary of the frequent words that nearly always take one tag ("the",
// "said", ",") decides those without scoring, which is more than half of news text. The
// weights sit in a sparse open-addressing table (only the weights of each feature that
// survived pruning, 3 of 44 on average) of under 4 MB, so that a token costs a dozen
// hash-table probes and a few dozen additions. Tag does not allocate.
//
// Whosaid's tokenizer cuts text differently from CoNLL-2003, on which the model is trained.
// Tag reconciles the two at feature time: typographic quotes, apostrophes, dashes and the
// ellipsis read as their ASCII forms (’ as ', “ ” « » ‘ as ", — – as --, … as ...), and a
// contraction that whosaid keeps whole ("don’t", "Trump’s", "we'll") is read as the two
// tokens the Penn Treebank makes of it ("do" "n't", "Trump" "'s"); the word gets its first
// part's tag (VBP for "don’t", NNP for "Trump’s", PRP for "it’s") and the clitic is context
// for its neighbours.
//
// # The model
//
// The embedded model.bin is produced by Train from the POS column of CoNLL-2003
// (../shared/data/conll2003: train.txt to learn, valid.txt to report) with fixed
// settings: 8 epochs over the training sentences in an order shuffled by a fixed-seed
// SplitMix64 generator; tag dictionary for words seen at least 20 times with one tag at
// least 97% of the time; averaged weights under 0.5 in magnitude pruned. Training takes a
// few seconds and is deterministic: the same data gives the same bytes, which TestRetrain
// checks against the embedded model whenever ../shared is present. To regenerate the
// model, run
//
//	go test ./pos -run TestRetrain -write-model
//
// or call Train (meant for a whosaid train command). The model is a deflated stream of
// the tag set, the tag dictionary and the weights; CoNLL's text is not in it.
//
// On CoNLL valid it tags 95.4% of tokens right; CoNLL's POS column was itself made by a
// tagger, so about 95% is the ceiling there. It tags about 4 million tokens a second on one
// core (BenchmarkTag), and Default loads it in about 15 ms.
//
// # Why not a library
//
// We know of no pure-Go tagger with this speed and accuracy and a model that whosaid can
// train and embed. jdkato/prose's tagger is a port of the same Python design, but it keeps
// its weights in maps keyed by feature strings that it builds for every token (we did not
// measure it on its own; prose's whole pipeline runs at about 30k tokens/s on CoNLL valid,
// see ../shared/README.md), and it comes with its own model, trained on other text.
package pos
