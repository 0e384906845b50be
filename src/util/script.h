/*
 * script.h — which scripts are written without spaces between words. The
 * normalizer cuts their text into character n-grams; the segmenter counts
 * their characters, not their (absent) spaces, to tell prose from furniture.
 */
#ifndef NP_SCRIPT_H
#define NP_SCRIPT_H

#include <stdint.h>

/* Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar. */
static inline int np_is_unspaced(int32_t c)
{
	return (c >= 0x0E00 && c <= 0x0EFF)       /* Thai, Lao */
	       || (c >= 0x1000 && c <= 0x109F)    /* Myanmar */
	       || (c >= 0x1780 && c <= 0x17FF)    /* Khmer */
	       || (c >= 0x3040 && c <= 0x30FF)    /* Hiragana, Katakana */
	       || (c >= 0x3400 && c <= 0x4DBF)    /* CJK extension A */
	       || (c >= 0x4E00 && c <= 0x9FFF)    /* CJK unified ideographs */
	       || (c >= 0xF900 && c <= 0xFAFF)    /* CJK compatibility ideographs */
	       || (c >= 0x20000 && c <= 0x2FA1F); /* CJK extensions B.. */
}

#endif
