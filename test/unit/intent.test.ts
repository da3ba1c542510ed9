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
    expect({ command: routed?.command.name, query: routed?.args.query ?? '' }).toEqual({ command, query });
  });

  it.each([
    ['remind me about EMNLP', 'follow', { query: 'EMNLP' }],
    ['please remind me of the NLPCC deadline', 'follow', { query: 'NLPCC' }],
    ['提醒我 BIBM 截止', 'follow', { query: 'BIBM' }],
    ['关注 REG 2026', 'follow', { query: 'REG 2026' }],
    ["I'm in Tokyo", 'settings', { zone: 'Tokyo' }],
    ['my time zone is UTC+2', 'settings', { zone: 'UTC+2' }],
    ['use Berlin time', 'settings', { zone: 'Berlin' }],
    ['我在东京', 'settings', { zone: '东京' }],
    ['把时区设为柏林', 'settings', { zone: '柏林' }],
    ['reply in English', 'settings', { language: 'en' }],
    ['以后用中文回答吧', 'settings', { language: 'zh' }],
    ['switch to Chinese', 'settings', { language: 'zh' }],
    // Not requests: a question that names a place, a topic that starts like one.
    ["I'm in Tokyo, when is the EMNLP deadline?", 'deadline', { query: "I'm in Tokyo, when is the EMNLP deadline?" }],
    ['follow-up of sepsis patients', 'search', { query: 'follow-up sepsis patients' }],
    ['use MIMIC', 'search', { query: 'MIMIC' }],
    ['关注度高的论文', 'paper', { query: '关注度高' }],
  ])('%s → %s %o', (text, command, args) => {
    const routed = routeText(text, COMMANDS);
    expect({ command: routed?.command.name, args: routed?.args }).toEqual({ command, args });
  });

  it('routes each question intent to the one command that declares it', () => {
    const intents = COMMANDS.flatMap((c) => c.routes ?? []);
    expect([...intents].sort()).toEqual(['dataset', 'deadline', 'follow', 'help', 'paper', 'search', 'settings']);
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
