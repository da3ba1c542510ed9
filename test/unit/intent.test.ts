import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { routeText } from '../../src/engine/route.js';

describe('routing free text', () => {
  it.each([
    ['EMNLP 什么时候截止', 'deadline', 'EMNLP'],
    ['when is the NLPCC deadline', 'deadline', 'NLPCC'],
    ['BIBM 2026 的截止日期是什么时候?', 'deadline', 'BIBM 2026'],
    ['how do I get access to MIMIC-IV-Note', 'dataset', 'MIMIC-IV-Note'],
    ['MIMIC-CXR 怎么申请', 'dataset', 'MIMIC-CXR'],
    ['ECG datasets', 'dataset', 'ECG'],
    ['有没有关于心理健康的论文', 'paper', '心理健康'],
    ['推荐一些关于麻醉的论文吗?', 'paper', '麻醉'],
    ['papers about ECG', 'paper', 'ECG'],
    ['病理分割', 'search', '病理分割'],
    ['doctor r1', 'search', 'doctor r1'],
    ['hello', 'help', ''],
    ['帮助', 'help', ''],
  ])('%s → %s "%s"', (text, command, query) => {
    const routed = routeText(text, COMMANDS);
    expect({ command: routed?.command.name, query: routed?.query }).toEqual({ command, query });
  });

  it('routes each question intent to the one command that declares it', () => {
    const intents = COMMANDS.flatMap((c) => c.routes ?? []);
    expect([...intents].sort()).toEqual(['dataset', 'deadline', 'help', 'paper', 'search']);
    expect(new Set(intents).size).toBe(intents.length);
    // Without a declaration nothing answers the intent.
    expect(
      routeText(
        'papers about ECG',
        COMMANDS.filter((c) => c.name !== 'paper'),
      ),
    ).toBeUndefined();
  });
});
