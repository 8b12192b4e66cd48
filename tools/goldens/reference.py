#!/usr/bin/env python3
"""Independent golden values for sip's tests, as llm.c's test_gpt2 does.

Written from the Llama architecture's definition (Touvron et al.; the Hugging Face `LlamaForCausalLM` layout and
parameter names), not from sip's C#: RMSNorm, rotary embeddings by rotate-half, grouped-query attention with a causal
mask, a SwiGLU MLP, an untied output head. Everything is computed in float64 from float32 weights, so the C# tests
compare sip's float32 against a reference whose own rounding error is negligible.

Writes tests/Sip.Tests/Goldens/tiny-llama.safetensors (weights as float32 under "weight.<name>", inputs, logits,
gradients, training tokens) and tests/Sip.Tests/Goldens/tiny-llama.json (config, losses, DPO cases).

Run: apt-get install -y python3-torch python3-numpy, then /usr/bin/python3 tools/goldens/reference.py
(CI does not need Python: the outputs are checked in.)
"""
import json
import math
import os
import struct

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Sip.Tests", "Goldens")

CONFIG = dict(vocab=61, dim=32, layers=2, heads=4, kv_heads=2, hidden=48, eps=1e-5, theta=10000.0, max_seq=64)
OPTIM = dict(lr=1e-2, min_lr_ratio=0.1, warmup=3, weight_decay=0.1, beta1=0.9, beta2=0.95, eps=1e-8, clip=1.0, steps=10)


def make_weights(seed=20260601):
    """Random weights in Hugging Face names; norms near 1 so they matter; rounded to float32 (what sip holds)."""
    g = torch.Generator().manual_seed(seed)
    c = CONFIG
    hd = c["dim"] // c["heads"]
    shapes = {"embed_tokens.weight": (c["vocab"], c["dim"])}
    for i in range(c["layers"]):
        p = f"layers.{i}."
        shapes[p + "input_layernorm.weight"] = (c["dim"],)
        shapes[p + "self_attn.q_proj.weight"] = (c["heads"] * hd, c["dim"])
        shapes[p + "self_attn.k_proj.weight"] = (c["kv_heads"] * hd, c["dim"])
        shapes[p + "self_attn.v_proj.weight"] = (c["kv_heads"] * hd, c["dim"])
        shapes[p + "self_attn.o_proj.weight"] = (c["dim"], c["heads"] * hd)
        shapes[p + "post_attention_layernorm.weight"] = (c["dim"],)
        shapes[p + "mlp.gate_proj.weight"] = (c["hidden"], c["dim"])
        shapes[p + "mlp.up_proj.weight"] = (c["hidden"], c["dim"])
        shapes[p + "mlp.down_proj.weight"] = (c["dim"], c["hidden"])
    shapes["norm.weight"] = (c["dim"],)
    shapes["lm_head.weight"] = (c["vocab"], c["dim"])
    weights = {}
    for name, shape in shapes.items():
        if name.endswith("norm.weight"):
            w = 1 + 0.1 * torch.randn(shape, generator=g)
        else:
            w = 0.2 * torch.randn(shape, generator=g)
        weights[name] = w.float().double()
    return weights


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def rope(x, theta):
    """x: [B, H, T, hd]; position t rotates pair (i, i + hd/2) by t / theta^(2i/hd)."""
    T, hd = x.shape[-2], x.shape[-1]
    inv_freq = 1.0 / theta ** (torch.arange(0, hd, 2) / hd)
    freqs = torch.outer(torch.arange(T, dtype=torch.float64), inv_freq)
    emb = torch.cat([freqs, freqs], dim=-1)
    return x * emb.cos() + rotate_half(x) * emb.sin()


def forward(w, tokens):
    """Logits [B, T, vocab] for tokens [B, T]."""
    c = CONFIG
    B, T = tokens.shape
    hd = c["dim"] // c["heads"]
    rep = c["heads"] // c["kv_heads"]
    x = w["embed_tokens.weight"][tokens]
    mask = torch.ones(T, T, dtype=torch.bool).triu(1)
    for i in range(c["layers"]):
        p = f"layers.{i}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], c["eps"])
        q = (h @ w[p + "self_attn.q_proj.weight"].T).view(B, T, c["heads"], hd).transpose(1, 2)
        k = (h @ w[p + "self_attn.k_proj.weight"].T).view(B, T, c["kv_heads"], hd).transpose(1, 2)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).view(B, T, c["kv_heads"], hd).transpose(1, 2)
        q, k = rope(q, c["theta"]), rope(k, c["theta"])
        k, v = k.repeat_interleave(rep, dim=1), v.repeat_interleave(rep, dim=1)  # kv head j serves query heads j*rep..
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        attn = scores.masked_fill(mask, float("-inf")).softmax(-1) @ v
        x = x + attn.transpose(1, 2).reshape(B, T, c["heads"] * hd) @ w[p + "self_attn.o_proj.weight"].T
        m = rms_norm(x, w[p + "post_attention_layernorm.weight"], c["eps"])
        gate, up = m @ w[p + "mlp.gate_proj.weight"].T, m @ w[p + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["norm.weight"], c["eps"])
    return x @ w["lm_head.weight"].T


def mean_nll(w, sequences):
    """Mean next-token cross-entropy over every target after the first token of each sequence."""
    logits = forward(w, sequences[:, :-1])
    return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), sequences[:, 1:].reshape(-1))


def learning_rate(step, o):
    """Linear warmup to the peak over `warmup` steps, then a half cosine to peak * min_lr_ratio at the last step."""
    if step < o["warmup"]:
        return o["lr"] * (step + 1) / o["warmup"]
    decay = max(1, o["steps"] - o["warmup"] - 1)
    progress = min(1.0, max(0.0, (step - o["warmup"]) / decay))
    floor = o["lr"] * o["min_lr_ratio"]
    return floor + (o["lr"] - floor) * 0.5 * (1 + math.cos(math.pi * progress))


def train_losses(weights, batches):
    """torch.optim.AdamW (decay on matrices only), global-norm clipping, the schedule above; the loss before each step."""
    o = OPTIM
    params = {n: t.clone().requires_grad_(True) for n, t in weights.items()}
    groups = [
        {"params": [p for p in params.values() if p.dim() >= 2], "weight_decay": o["weight_decay"]},
        {"params": [p for p in params.values() if p.dim() < 2], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"])
    losses = []
    for step, batch in enumerate(batches):
        for group in opt.param_groups:
            group["lr"] = learning_rate(step, o)
        opt.zero_grad()
        loss = mean_nll(params, batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(params.values()), o["clip"])
        opt.step()
        losses.append(loss.item())
    return losses


def dpo_case(beta, seed):
    """L = -mean log sigmoid(beta * ((pc - rc) - (pr - rr))) and its gradient w.r.t. pc and pr."""
    g = torch.Generator().manual_seed(seed)
    pc, pr, rc, rr = (-20 * torch.rand(5, generator=g) for _ in range(4))
    pc.requires_grad_(True)
    pr.requires_grad_(True)
    loss = -torch.nn.functional.logsigmoid(beta * ((pc - rc) - (pr - rr))).mean()
    loss.backward()
    return dict(beta=beta, policy_chosen=pc.tolist(), policy_rejected=pr.tolist(), reference_chosen=rc.tolist(),
                reference_rejected=rr.tolist(), loss=loss.item(), grad_policy_chosen=pc.grad.tolist(),
                grad_policy_rejected=pr.grad.tolist())


def grpo_case(variant, beta, eps_low, eps_high, iterations_later, seed, group=3, prompts=2, width=4):
    """The clipped group-relative loss (DeepSeekMath's GRPO, or Dr. GRPO) and its gradient w.r.t. log pi_theta.

    advantages: (r - mean) / (std + 1e-4) per group (torch.std is Bessel-corrected), or r - mean for Dr. GRPO;
    per token: -min(rho * A, clip(rho, 1 - eps_low, 1 + eps_high) * A) + beta * (exp(ref - pi) - (ref - pi) - 1);
    aggregated as the mean over completions of each completion's token mean (GRPO), or the token sum over
    completions * width (Dr. GRPO, width being the fixed budget).
    """
    g = torch.Generator().manual_seed(seed)
    rows = group * prompts
    rewards = torch.randint(0, 3, (rows,), generator=g).double() / 2
    lengths = torch.randint(1, width + 1, (rows,), generator=g)
    mask = (torch.arange(width)[None, :] < lengths[:, None]).double()
    policy = (-3 * torch.rand(rows, width, generator=g, dtype=torch.float64)) * mask
    old = (policy + 0.4 * (torch.rand(rows, width, generator=g, dtype=torch.float64) - 0.5)) * mask if iterations_later else policy.clone()
    ref = (policy + 0.6 * (torch.rand(rows, width, generator=g, dtype=torch.float64) - 0.5)) * mask
    grouped = rewards.view(prompts, group)
    centred = (grouped - grouped.mean(1, keepdim=True))
    adv = (centred / (grouped.std(1, keepdim=True) + 1e-4) if variant == "grpo" else centred).reshape(rows)
    pi = policy.clone().requires_grad_(True)
    ratio = torch.exp(pi - old)
    per_token = -torch.min(ratio * adv[:, None], torch.clamp(ratio, 1 - eps_low, 1 + eps_high) * adv[:, None])
    if beta > 0:
        d = ref - pi
        per_token = per_token + beta * (torch.exp(d) - d - 1)
    per_token = per_token * mask
    if variant == "grpo":
        loss = (per_token.sum(-1) / mask.sum(-1).clamp(min=1)).mean()
    else:
        loss = per_token.sum() / (rows * width)
    loss.backward()
    return dict(variant=variant, beta=beta, epsilon=eps_low, epsilon_high=eps_high, group=group, width=width,
                rewards=rewards.tolist(), mask=mask.reshape(-1).tolist(), policy=policy.reshape(-1).tolist(),
                old=old.reshape(-1).tolist() if iterations_later else None, reference=ref.reshape(-1).tolist(),
                advantages=adv.tolist(), loss=loss.item(), grad_policy=pi.grad.reshape(-1).tolist())


def save_safetensors(path, tensors):
    """The safetensors format: 8-byte little-endian header length, a JSON header, then the raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        dtype = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}[t.dtype]
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def main():
    weights = make_weights()
    g = torch.Generator().manual_seed(7)
    tokens = torch.randint(0, CONFIG["vocab"], (2, 12), generator=g)
    logits = forward(weights, tokens)

    params = {n: t.clone().requires_grad_(True) for n, t in weights.items()}
    loss = mean_nll(params, tokens)
    loss.backward()

    batches = [torch.randint(0, CONFIG["vocab"], (2, 12), generator=g) for _ in range(OPTIM["steps"])]
    losses = train_losses(weights, batches)

    tensors = {f"weight.{n}": t.float() for n, t in weights.items()}
    tensors["tokens"] = tokens
    tensors["logits"] = logits
    tensors.update({f"grad.{n}": p.grad for n, p in params.items()})
    tensors["train_tokens"] = torch.stack(batches)
    os.makedirs(OUT, exist_ok=True)
    save_safetensors(os.path.join(OUT, "tiny-llama.safetensors"), tensors)
    with open(os.path.join(OUT, "tiny-llama.json"), "w") as f:
        json.dump(dict(source="tools/goldens/reference.py (PyTorch %s, float64)" % torch.__version__, config=CONFIG,
                       optim=OPTIM, loss=loss.item(), train_losses=losses,
                       dpo=[dpo_case(0.1, 1), dpo_case(0.5, 2)],
                       grpo=[grpo_case("grpo", 0.0, 0.2, 0.2, False, 3), grpo_case("grpo", 0.04, 0.2, 0.28, True, 4),
                             grpo_case("dr_grpo", 0.0, 0.2, 0.2, False, 5), grpo_case("dr_grpo", 0.1, 0.1, 0.1, True, 6)]), f, indent=1)
    print("loss", loss.item(), "train", [round(x, 6) for x in losses])


if __name__ == "__main__":
    main()
