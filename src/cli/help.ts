import { MODELS } from '../catalog/models';
/** Help texts of the `ai-infra` command. Flags are documented in docs/cli.md too. */

export const TOP_HELP = `ai-infra: size models, choose GPU instance types and place workloads, offline, from the catalog.

Usage:
  ai-infra <command> [flags]

Commands:
  size     memory a model needs (weights, gradients, optimizer, activations, KV cache) and how to split it
  select   choose the instance or machine type for a GPU job, with every rejected type and why
  place    choose a region under a compliance policy (or check one with --region)
  report   what a synthesized app decided and what it costs, read from cdktf.out (no app is re-run);
           --markdown writes it as one page for a pull request, with the diagram
  diagram  the architecture of a synthesized app as Mermaid (default) or DOT
  init     scaffold a cdktf app from a reference stack: ai-infra init <dir> --template <t> --cloud <c>

Flags:
  --help      show help (also: ai-infra <command> --help)
  --version   print the package version

Exit codes: 0 success; 2 invalid input or infeasible request (one line on stderr); 1 internal error.
Every command takes --json for a stable JSON document (schema in docs/cli.md).`;

const SIZING_FLAGS = `  --model <name>              a known open model (${MODELS.map((m) => m.name).join(', ')}):
                              fills params, layers, hidden size, heads and KV heads
  --model-params <billions>   parameters, in billions (e.g. 8, 70)
  --precision <p>             fp32 | bf16 | fp16 | fp8 | int8 | int4
  --purpose <p>               pretraining | full-fine-tune | lora | inference
  --seq-len <tokens>          sequence length (default 4096)
  --concurrency <n>           sequences in the KV cache, inference (default 1)
  --micro-batch <n>           sequences per micro-batch, training (default 1)
  --layers <n>                transformer layers (default: estimated from params)
  --hidden-size <n>           hidden size (default: estimated from params)
  --attention-heads <n>       attention (query) heads; with --kv-heads sizes a grouped-query KV cache
  --kv-heads <n>              key/value heads (8 for Llama 3 8B/70B); without both, the KV cache
                              is the multi-head upper bound`;

const HELP: Record<'size' | 'select' | 'place' | 'report', string> = {
  report: `Usage: ai-infra report [cdktf.out | path/to/ai-infra.manifest.json] [flags]

Reads the ai-infra.manifest.json that every AiInfraStack writes beside its\ncdk.tf.json and prints the decisions (chosen, why, what lost), the cost lines\nand the policy findings/suppressions. Synthesize first (cdktf synth).

Flags:
  --alternatives <n>          rejected alternatives shown per decision (default 3)
  --markdown                  one Markdown page: summary, Mermaid diagram, decisions, costs, policy
  --json                      print the manifests as JSON ({schemaVersion: 1, stacks: [...]})
  --help                      show this help`,
  size: `Usage: ai-infra size (--model <name> | --model-params <billions>) --precision <p> --purpose <p> [flags]

Sizes the device memory a model needs and, with --accelerator, splits it over
GPUs (tensor parallel inside the NVLink domain, pipeline stages beyond it).

Flags:
${SIZING_FLAGS}
  --accelerator <id>          plan parallelism on the largest node of this accelerator (H100, L4, ...)
  --gpus <n>                  total GPUs for the parallelism plan (data parallel fills the rest)
  --json                      print JSON instead of a table

Example:
  ai-infra size --model-params 70 --precision bf16 --purpose inference --accelerator H100`,
  select: `Usage: ai-infra select (--gpus <n> | (--model <name> | --model-params <billions>) --precision <p> --purpose <p>) [flags]

Considers every instance type of the catalog, rejects each that fails a
constraint (with the reason), and ranks the rest: training by $ per PFLOP-hour
(dense BF16), everything else by the job's $/h; ties break on fabric, then
memory headroom.

Flags:
  --cloud <c>                 aws | gcp | any (default any)
  --gpus <n>                  GPUs for the whole job (default: derived from the model size)
${SIZING_FLAGS}
  --accelerator <id>          allowed accelerators; repeatable or comma list (H100,H200)
  --min-gpu-memory <GiB>      minimum memory per GPU
  --multi-node                the job spans nodes: require an RDMA-class fabric
  --single-node               the job must fit in one node
  --fabric <f>                fabric floor: ethernet | gpudirect-tcpx | gpudirect-tcpxo | efa | gpudirect-rdma
  --min-fabric-gbps <n>       minimum fabric bandwidth per node
  --spot                      buy spot capacity (priced at the on-demand ceiling)
  --purchase <p>              on-demand | spot | reservation (default on-demand)
  --max-hourly-usd <usd>      cap on the whole job's $/h
  --region <r>                allowed regions; repeatable or comma list
  --json                      print JSON instead of a table

Examples:
  ai-infra select --cloud aws --purpose pretraining --gpus 64
  ai-infra select --cloud gcp --gpus 16 --multi-node
  ai-infra select --purpose inference --model-params 8 --precision bf16`,
  place: `Usage: ai-infra place --cloud <aws|gcp> [policy flags] [--accelerator <id> | --instance-type <t>] [--region <r>]

Chooses a region that satisfies the compliance policy and offers the types, and
explains every excluded region. With --region, checks that region instead.

Flags:
  --cloud <c>                 aws | gcp
  --jurisdiction <j>          allowed jurisdictions; repeatable or comma list (EU, US, UK, CH, ...)
  --program <p>               required programs: HIPAA | FEDRAMP_MODERATE | FEDRAMP_HIGH | GDPR (GDPR = EU/EEA region)
  --allow-region <r>          only these regions; repeatable or comma list
  --deny-region <r>           never these regions; repeatable or comma list
  --accelerator <id>          the region must offer a type with each accelerator
  --instance-type <t>         the region must offer every type
  --prefer-region <r>         prefer these regions, in order
  --region <r>                check this region against the policy instead of choosing
  --json                      print JSON instead of a table

Examples:
  ai-infra place --cloud aws --jurisdiction EU --program HIPAA --accelerator H100
  ai-infra place --cloud aws --jurisdiction EU --region us-east-1`,
};

export function commandHelp(command: 'size' | 'select' | 'place' | 'report'): string {
  return HELP[command];
}
