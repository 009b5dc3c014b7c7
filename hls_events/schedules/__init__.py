"""The conference schedule formats (c3voc JSON, frab XML): writing them, and importing them."""
