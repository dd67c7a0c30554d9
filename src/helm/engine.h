/* engine.h - what the Helm layer takes from src/tmpl: the template engine
 * (tmpl.h), the Sprig and Helm functions (funcs.h) and Helm's YAML reader
 * (goyaml.h), in one place. */
#ifndef AGENTENV_HELM_ENGINE_H
#define AGENTENV_HELM_ENGINE_H

#include "tmpl/funcs.h"
#include "tmpl/goyaml.h"
#include "tmpl/tmpl.h"

#endif
