/**
 * Routing free text to a command: "EMNLP 什么时候截止" → deadline "EMNLP",
 * "how do I get access to MIMIC-IV-Note" → dataset "MIMIC-IV-Note",
 * "有没有关于心理健康的论文" → paper "心理健康", "papers about ECG" → paper "ECG".
 * The words that name an intent are removed from the query they route.
 */

export interface Routed {
  command: string;
  query: string;
}

const HELP = /^(?:\/?start|help|帮助|菜单|你好|您好|hi|hello|hey|嗨|怎么用|使用说明|what can you do\??|[??])$/i;

const INTENTS: Array<{ command: string; detect: RegExp }> = [
  { command: 'deadline', detect: /截止|截稿|ddl|deadlines?|due\b|什么时候|何时|几号|哪天|when\b|closing|倒计时|还有多久|还剩|日程|时间线|timeline|milestones?/i },
  { command: 'dataset', detect: /数据集|数据资源|datasets?\b|data ?sets?|corpus|corpora|access|申请|下载|download|获取|权重|weights|benchmark data/i },
  { command: 'paper', detect: /论文|文章|papers?\b|publications?|articles?|studies|study\b/i },
];

/** Phrases that carry the intent or politeness, not the topic. Longest first. */
const FILLERS: RegExp[] = [
  /有没有|有哪些|有什么|是否有|请问|帮我|帮忙|给我|我想|想要|能不能|可不可以|可以|一下|一些|一点|几篇|几个|推荐|列出|看看|找找|找|查查|查询|查|搜索|搜/g,
  /关于|有关|相关的?|方面的?|之类的?/g,
  /的?(?:论文|文章|研究|数据集|数据资源|数据|模型权重)/g,
  /(?:是)?(?:什么时候|何时|几号|哪天)|截止(?:日期|时间)?|截稿|ddl|倒计时|还有多久|还剩多久|日程|时间线/gi,
  /怎么|如何|怎样|申请|获取|下载|访问|权限/g,
  /[吗呢吧啊呀了的]+(?=$|\s|[??!!。.])/g,
  /\b(?:how (?:do|can|could) i|where (?:do|can) i|can i|could you|please|show me|tell me|find me|find|search(?: for)?|look up|list|give me|i need|i want|is there|are there|any|some)\b/gi,
  /\b(?:get|request|apply for|apply|obtain|download)\b(?: access(?: to)?)?|\baccess(?: to)?\b/gi,
  /\b(?:papers?|articles?|publications?|studies|datasets?|data ?sets?|corpus|corpora)\b(?: (?:about|on|for|regarding|related to|in))?/gi,
  /\b(?:when(?: is| are| does| do)?|what(?: is| are)?|deadlines?|due|closing|timeline|milestones?)\b/gi,
  /\b(?:about|regarding|related to|on|for|the|a|an|of|is|are|does|do|close|closes)\b/gi,
  /[??!!。.,,]+/g,
];

export function routeText(text: string): Routed {
  const trimmed = text.trim();
  if (HELP.test(trimmed)) return { command: 'help', query: '' };
  const found = INTENTS.find((i) => i.detect.test(trimmed));
  return { command: found?.command ?? 'search', query: found ? stripFillers(trimmed) : stripPoliteness(trimmed) };
}

export function stripFillers(text: string): string {
  let out = text;
  for (const re of FILLERS) out = out.replace(re, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

function stripPoliteness(text: string): string {
  const stripped = stripFillers(text);
  return stripped || text;
}
