package pos_test

import (
	"fmt"

	"github.com/whosaid/whosaid/pos"
)

func Example() {
	tagger := pos.Default() // load once and keep: safe for concurrent use
	words := []string{"“", "We", "won’t", "resign", ",", "”", "the", "mayor", "said", "on", "Monday", "."}
	tags := make([]pos.Tag, len(words))
	tagger.Tag(words, tags)
	for i, w := range words {
		fmt.Printf("%s/%s", w, tags[i])
		if i+1 < len(words) {
			fmt.Print(" ")
		}
	}
	fmt.Println()
	for i, w := range words {
		if tags[i].IsVerb() {
			fmt.Println("verb:", w)
		}
	}
	// Output:
	// “/" We/PRP won’t/MD resign/VB ,/, ”/" the/DT mayor/NN said/VBD on/IN Monday/NNP ./.
	// verb: resign
	// verb: said
}
