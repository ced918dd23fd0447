/* complexobj.h — the complex type (complex.c), for the parser's imaginary
 * literals and the cmath module. */
#ifndef BATON_COMPLEXOBJ_H
#define BATON_COMPLEXOBJ_H

#include "object.h"

typedef struct {
    Obj obj;
    double re, im;
} ObjComplex;

extern Type type_complex;

#define IS_COMPLEX(v) IS_TYPE_EXACT(v, &type_complex)
#define IS_COMPLEX_ANY(v) (IS_OBJ(v) && type_is_subtype(AS_OBJ(v)->type, &type_complex))
#define AS_COMPLEX(v) ((ObjComplex *)AS_OBJ(v))

Value complex_new(double re, double im);
/* (ar + ai j) / (br + bi j) as CPython divides (Smith's algorithm); false
 * when the divisor is 0. */
bool complex_div(double ar, double ai, double br, double bi, double *re, double *im);
/* abs() of re + im*j (OverflowError "absolute value too large"). */
Value complex_abs(double re, double im);
/* repr() of re + im*j: "2j", "(1-2j)", "(nan+infj)". */
Value complex_repr_str(double re, double im);
void complex_init(void);

#endif
