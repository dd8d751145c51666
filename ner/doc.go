// Package ner is whosaid's named-entity tagger: it finds the people, organizations, places
// and other names (CoNLL-2003's PER, ORG, LOC and MISC) in tokenized sentences, for the
// stages that need to know who a speaker is.
//
// # Design
//
// It is a structured averaged perceptron (Collins 2002, on package learn) over BILOU
// labels, decoded per sentence with Viterbi under BILOU's constraints, with the feature set
// of Ratinov and Roth's "Design challenges and misconceptions in named entity recognition"
// (2009), the strongest recipe we know without neural networks:
//
//   - the word, in lower case, its shape ("Xx", "X.X."), prefixes and suffixes of one to
//     four letters, the words around it (±2), shapes around it, word bigrams;
//   - word clusters induced from about two million tokens of unlabelled news (CoNLL's own
//     words, BBC News, PolNeAR, GUM, WNUT-17; see cluster.go): the cluster of the word at
//     four granularities (1024, 256, 64, 16 classes, nested like the prefixes of Brown
//     clusters' bit strings) and of its neighbours. Brown clustering itself would take hours;
//     the exchange algorithm optimises the same objective in about twenty seconds here;
//   - a gazetteer of the names in the training data, matched longest first, with the type
//     and the token's place in the name; training documents see only the names of the other
//     folds (ten-fold jackknife), or the model would learn to trust it blindly;
//   - whether the sentence is all capitals (CoNLL's headlines, "SOCCER - JAPAN GET LUCKY
//     WIN"), and whether the token is first;
//   - the document's history (Ratinov and Roth's "extended prediction history"): the types
//     the tagger has already given to the same capitalised word earlier in the document,
//     which is what gets "Blackburn" right after "Peter Blackburn". TagDoc keeps it;
//     Tag, for a sentence alone, has none.
//
// Part-of-speech features, from package pos's tagger (CoNLL's gold column is not there at
// run time), were tried and left out: on CoNLL valid they changed F1 by less than 0.1, and
// the tagger took a quarter of the time. So were the case-kept words around the token, the
// long shape, and the clusters two words away (no change in F1, fewer features to look up).
//
// # The model
//
// Weights live in a sparse table (table.go) rather than learn.Weights: with 17 classes a
// dense vector per feature would be most of the model, while nearly all features have
// weights for two or three classes. A slot of 16 bytes holds the key and up to three
// 16-bit weights, so that a feature costs one cache miss; tagging speed is mostly cache
// misses, which is why the weights are pruned hard (see defaultConfig).
//
// The embedded model.bin is produced by Train from ../shared/data/conll2003 (train.txt to
// learn, valid.txt to report) and the unlabelled text beside it, with fixed settings and a
// fixed-seed shuffle. Training is deterministic, the same data giving the same bytes, which
// TestRetrain checks; it takes about a minute. To regenerate the model, run
//
//	go test ./ner -run TestRetrain -write-model
//
// or `whosaid train ner --out ner/model.bin`. The model holds the clusters (words and
// their cluster ids), the gazetteer (names from CoNLL train) and the weights; it holds no
// CoNLL sentences.
//
// # Tagging fast
//
// Three quarters of the time of tagging a token is looking up its fifty features, so Tag
// scores only the tokens that may be part of a name: the candidate segments (segments in
// tagger.go), runs of capitalised tokens joined across the small words and punctuation
// that stand inside names ("Bank of England", "van der Sar", "5th Street Gym"), with that
// glue on either side. The other tokens are O, and each segment is decoded alone, after and
// before an O, which is what decoding the whole sentence with those tokens held to O would
// give. Features still read the whole sentence around a scored token. On CoNLL valid this
// scores 40% of the tokens and labels every token as scoring them all does
// (TestSegmentsExact); on PolNeAR's articles it scores 29%, and the few labels that change
// (25 tokens in 728,000) are mostly junk the full tagger found in lower-case words
// ("none-of-the-above" as MISC). Training still scores every token of every sentence.
//
// The rest is about doing less per token, and waiting less for memory, with the same sums:
// the weights are integers, so a score does not depend on how its terms are grouped, and
// TestScoreToken checks Tag's sums against training's features. Every token is scanned for
// its case and key only, in one pass over its bytes; the tokens that features read, two on
// either side of a segment, are analysed through a cache of words that lives in the call's
// scratch across documents (wordEntry: a word's parts and clusters, its gazetteer entry, and
// the sums of its templates as the scored token and as the one, or two, before it and after
// it; nine in ten words are found there), and only the tokens scored get their affixes. The
// templates with few values (gazetteer marks, history) add rows built when the model loads
// (rows.go) instead of looking features up. Scores are summed two classes to a 64-bit word
// (table.go's lanes), half the additions. The lookups that remain are issued together
// (table.scoreBatch, clusterTable.touch, gazetteer.touch), so that their cache misses
// overlap, into a table at most three-eighths full, where a lookup mostly ends at its home
// slot. Viterbi keeps no back pointers (the way back recomputes them for the path it takes);
// at nine tokens in ten of news one closing class, O mostly, is so far ahead of the others
// that it is the best predecessor of every opening class whatever the transitions, and its
// nine sums stand for the 81 (exactly: rounding never reverses the order of two sums;
// TestViterbiDominant); the gazetteer and the document's history are open-addressing tables
// rather than Go maps. Callers that only want entities (package entity) take them from
// TagDocSpans, which reads the segments' paths rather than every label.
//
// # Figures
//
// On CoNLL valid, tagged document by document and scored with score_conll_ner.py
// (TestValidFloor): F1 92.42 overall; PER 94.71, ORG 87.71, LOC 95.19, MISC 88.96. Ratinov
// and Roth report 93.5 on valid and 90.8 on test with Wikipedia gazetteers, which we do not
// have; expect test a few points under valid. BenchmarkTag, one core, on a 2-core machine
// shared with other jobs: 1.1–1.4 million tokens/s when it was busy, up to 1.9 million
// when it was quieter; run alternately with the tagger that scored every token (570k–710k),
// twice as fast. With the cache of words and the rows, run alternately with the tagger
// before them: 3.5–3.8 million tokens/s against 2.3–2.5 million; on PolNeAR's articles,
// where words recur more, entity's BenchmarkFindNews ran twice as fast. With the dominant
// class in Viterbi, the lanes, the two-way cache and TagDocSpans, counted by callgrind:
// BenchmarkTag 229 million instructions a pass over CoNLL valid against 308 million before
// them, BenchmarkFindNews (with entity's own changes) 828 million a pass over PolNeAR's
// training articles against 1,386 million; the labels, spans and entities are the same.
// Default loads the model in about 35 ms; the model is 390 KB. Train takes 30–60 seconds,
// of which clustering is most.
package ner
