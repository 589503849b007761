"""A tiny llama-architecture GGUF with random weights and llama.cpp's llama-spm vocabulary, for the real-server tests.

Written with the `gguf` package in about a second. Its training context must be at least the server's -c (the
server caps the slot at it), and the chat markers are CONTROL tokens with add_space_prefix off: otherwise any
request with tool_choice fails with HTTP 400 "Failed to initialize samplers" (STACK_FACTS.md).
"""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np

N_EMBD = 64
N_HEAD = 4
N_FF = 128
N_LAYER = 2
CHAT_MARKERS = ("<|im_start|>", "<|im_end|>")
EOS_TOKEN_ID = 2  # </s> in the llama-spm vocabulary; the server gets a small bias on it (-l 2+2)

CHAT_TEMPLATE = (
    "{%- if tools %}<|im_start|>system\nTools: {{ tools | tojson }}<|im_end|>\n{% endif -%}"
    "{%- for message in messages -%}<|im_start|>{{ message.role }}\n"
    "{%- if message.content is string %}{{ message.content }}"
    "{%- elif message.content %}{% for part in message.content %}{% if part.type == 'text' %}{{ part.text }}"
    "{% endif %}{% endfor %}{% endif %}"
    "{%- if message.tool_calls %}{% for call in message.tool_calls %}<tool_call>{{ call.function | tojson }}"
    "</tool_call>{% endfor %}{% endif %}<|im_end|>\n{% endfor -%}"
    "{%- if add_generation_prompt %}<|im_start|>assistant\n{% endif -%}"
)


def write_tiny_model(path: Path, vocab_gguf: Path, context_length: int, seed: int = 7) -> Path:
    tokens, scores, types, special = _read_vocab(vocab_gguf)
    tokens += list(CHAT_MARKERS)
    scores += [0.0] * len(CHAT_MARKERS)
    types += [int(gguf.TokenType.CONTROL)] * len(CHAT_MARKERS)
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny-random")
    writer.add_context_length(context_length)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD)
    writer.add_rope_dimension_count(N_EMBD // N_HEAD)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(special["bos"])
    writer.add_eos_token_id(special["eos"])
    writer.add_unk_token_id(special["unk"])
    writer.add_add_bos_token(True)
    writer.add_add_space_prefix(False)
    writer.add_chat_template(CHAT_TEMPLATE)
    for name, array in _tensors(len(tokens), seed):
        writer.add_tensor(name, array)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def _read_vocab(vocab_gguf: Path) -> tuple[list[str], list[float], list[int], dict[str, int]]:
    reader = gguf.GGUFReader(str(vocab_gguf))

    def field(name: str):
        return reader.fields[name]

    token_field = field("tokenizer.ggml.tokens")
    tokens = [bytes(token_field.parts[i]).decode("utf-8") for i in token_field.data]
    score_field, type_field = field("tokenizer.ggml.scores"), field("tokenizer.ggml.token_type")
    scores = [float(score_field.parts[i][0]) for i in score_field.data]
    types = [int(type_field.parts[i][0]) for i in type_field.data]
    special = {key: int(field(f"tokenizer.ggml.{name}_token_id").parts[-1][0])
               for key, name in (("bos", "bos"), ("eos", "eos"), ("unk", "unknown"))}
    return tokens, scores, types, special


def _tensors(n_vocab: int, seed: int):
    rng = np.random.default_rng(seed)

    def weights(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    yield "token_embd.weight", weights(n_vocab, N_EMBD)
    yield "output_norm.weight", np.ones(N_EMBD, dtype=np.float32)
    yield "output.weight", weights(n_vocab, N_EMBD)
    for block in range(N_LAYER):
        prefix = f"blk.{block}"
        yield f"{prefix}.attn_norm.weight", np.ones(N_EMBD, dtype=np.float32)
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            yield f"{prefix}.{name}.weight", weights(N_EMBD, N_EMBD)
        yield f"{prefix}.ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32)
        yield f"{prefix}.ffn_gate.weight", weights(N_FF, N_EMBD)
        yield f"{prefix}.ffn_up.weight", weights(N_FF, N_EMBD)
        yield f"{prefix}.ffn_down.weight", weights(N_EMBD, N_FF)
