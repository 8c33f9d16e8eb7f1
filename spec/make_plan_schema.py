import json
E={"$ref":"#/$defs/expr"}
EL={"type":"array","items":E}
def obj(props, req=None, extra=False):
    o={"type":"object","properties":props,"additionalProperties":extra}
    o["required"]=req if req is not None else list(props.keys())
    return o
S={"type":"string"}
N={"type":"number"}
ops={
 "num":obj({"op":{"const":"num"},"v":{"type":["number","null"]}}),
 "str":obj({"op":{"const":"str"},"v":S}),
 "bool":obj({"op":{"const":"bool"},"v":{"type":"boolean"}}),
 "it":obj({"op":{"const":"it"},"name":S}),
 "member":obj({"op":{"const":"member"},"set":S,"v":S}),
 "param":obj({"op":{"const":"param"},"name":S,"idx":EL}),
 "col":obj({"op":{"const":"col"},"data":S,"column":S,"idx":EL}),
 "var":obj({"op":{"const":"var"},"name":S,"idx":EL}),
 "set":obj({"op":{"const":"set"},"name":S}),
 "setlit":obj({"op":{"const":"setlit"},"set":S,"members":{"type":"array","items":S}}),
 "setbuild":obj({"op":{"const":"setbuild"},"it":S,"domain":E,"filter":E},["op","it","domain"]),
 "range":obj({"op":{"const":"range"},"from":E,"to":E}),
 "neg":obj({"op":{"const":"neg"},"a":E}),
 "not":obj({"op":{"const":"not"},"a":E}),
 "bin":obj({"op":{"const":"bin"},"fn":{"enum":["+","-","*","/","^","and","or"]},"a":E,"b":E}),
 "cmp":obj({"op":{"const":"cmp"},"ops":{"type":"array","items":{"enum":["<=",">=","<",">","==","!="]}},"args":EL}),
 "agg":obj({"op":{"const":"agg"},"fn":{"enum":["sum","prod","max","min","count"]},"its":{"type":"array","items":obj({"name":S,"domain":E})},"filter":E,"body":E},["op","fn","its","body"]),
 "if":obj({"op":{"const":"if"},"cond":E,"then":E,"else":E}),
 "call":obj({"op":{"const":"call"},"fn":S,"args":EL,"named":{"type":"object","additionalProperties":E}},["op","fn","args"]),
 "curve":obj({"op":{"const":"curve"},"name":S,"idx":EL,"arg":E}),
 "solve":obj({"op":{"const":"solve"},"problem":S,"coalition":E},["op","problem"]),
 "field":obj({"op":{"const":"field"},"of":E,"name":S,"idx":EL}),
 "ref":obj({"op":{"const":"ref"},"name":S,"field":S,"idx":EL}),
}
expr={"type":"object","required":["op"],"properties":{"op":{"enum":list(ops.keys())}},
      "allOf":[{"if":{"properties":{"op":{"const":k}}},"then":{"$ref":f"#/$defs/op_{k}"}} for k in ops]}
origin=obj({"line":{"type":"integer","minimum":1},"col":{"type":"integer","minimum":1}})
IDX={"type":"array","items":obj({"it":S,"set":S})}
TYPE={"enum":["number","string","bool"]}
prop={"oneOf":[obj({"expr":E,"params":{"type":"array","items":S},"label":S},["expr"]),
               obj({"list":{"type":"array","items":obj({"expr":E,"label":S,"name":S},["name"])}})]}
steps={
 "data":obj({"kind":{"const":"data"},"name":S,"path":S,"key":{"type":"array","items":S},"columns":{"type":"array","items":obj({"name":S,"type":{"enum":["number","integer","string","bool"]},"set":S},["name","type"])},"origin":origin}),
 "set":obj({"kind":{"const":"set"},"name":S,"value":E,"origin":origin}),
 "param":obj({"kind":{"const":"param"},"name":S,"index":IDX,"unit":S,"type":TYPE,"value":E,"overrides":{"type":"array","items":obj({"idx":{"type":"array","items":S},"value":E,"source":S})},"origin":origin},["kind","name","index","type","value","overrides","origin"]),
 "result":obj({"kind":{"const":"result"},"name":S,"index":IDX,"unit":S,"type":TYPE,"value":E,"origin":origin},["kind","name","index","type","value","origin"]),
 "curve":obj({"kind":{"const":"curve"},"name":S,"index":IDX,"value":E,"origin":origin}),
 "problem":obj({"kind":{"const":"problem"},"name":S,"coalition":obj({"it":S,"set":S}),"solver":{"enum":["lp","milp","separable-convex"]},
    "vars":{"type":"array","items":obj({"name":S,"index":IDX,"lower":EL,"upper":EL,"domain":{"enum":["continuous","integer","binary"]},"unit":S},["name","index","lower","upper","domain"])},
    "objective":obj({"sense":{"enum":["minimize","maximize"]},"name":S,"expr":E}),
    "constraints":{"type":"array","items":obj({"name":S,"index":IDX,"expr":E})},"origin":origin},["kind","name","solver","vars","objective","constraints","origin"]),
 "table":obj({"kind":{"const":"table"},"name":S,"title":S,"by":IDX,"filter":E,"pivot":S,"columns":{"type":"array","items":obj({"key":S,"label":S,"value":E})},"origin":origin},["kind","name","title","by","columns","origin"]),
 "construct":obj({"kind":{"const":"construct"},"construct":S,"name":S,"index":IDX,"title":S,"props":{"type":"object","additionalProperties":{"$ref":"#/$defs/prop"}},"origin":origin},["kind","construct","name","index","props","origin"]),
}
step={"type":"object","required":["kind"],"properties":{"kind":{"enum":list(steps.keys())}},
      "allOf":[{"if":{"properties":{"kind":{"const":k}}},"then":{"$ref":f"#/$defs/step_{k}"}} for k in steps]}
defs={"expr":expr,"prop":prop,"step":step}
for k,v in ops.items(): defs[f"op_{k}"]=v
for k,v in steps.items(): defs[f"step_{k}"]=v
schema={"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://abate.dev/spec/plan.schema.json","title":"abate plan",
 "description":"The compiled, per-scenario, self-contained plan: the only contract between the abate compiler and runtime. Generated by spec/make_plan_schema.py; keep in step with spec/plan.ts.",
 "type":"object","additionalProperties":False,
 "required":["abate","version","abateVersion","model","study","scenario","steps"],
 "properties":{
  "abate":{"const":"plan"},"version":{"const":1},"abateVersion":S,
  "model":obj({"file":S,"dir":S,"sha256":{"type":"string","pattern":"^[0-9a-f]{64}$"}}),
  "study":obj({"title":S,"source":S,"synthetic":{"type":["boolean","string"]},"note":S,"seed":{"type":"integer"}},["title","synthetic"]),
  "scenario":obj({"name":S,"title":S,"overrides":{"type":"array","items":obj({"target":S,"value":S,"source":S})}},["name","overrides"]),
  "steps":{"type":"array","items":{"$ref":"#/$defs/step"}}},
 "$defs":defs}
json.dump(schema, open('spec/plan.schema.json','w'), indent=1)
