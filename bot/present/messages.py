"""Every sentence the bot says to a member, in Chinese and English.

Front ends pick the language (Telegram's ``language_code``); the wording lives only here, so
tests and translators have one place to look.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]

_TEXT: dict[str, dict[Lang, str]] = {
    "welcome": {
        "zh": "您好！我是工会问答助手，根据工会新闻稿回答会员的问题，并注明出处。\n我目前了解这些报道：",
        "en": "Hello! I answer union members' questions from the union's own news articles, "
              "and always say where the answer came from.\nI know these articles:",
    },
    "examples": {"zh": "可以这样问我：", "en": "You can ask, for example:"},
    "help_usage": {
        "zh": "直接发送问题即可；在群里请 @我、回复我的消息，或用 /ask 问题。\n"
              "看完一个回答，可以接着问（比如“几点开门”），我会按那篇报道回答。\n/sources 查看资料来源。",
        "en": "Just send a question; in groups mention me, reply to me, or use /ask <question>.\n"
              "After an answer you can ask on about it (\"when does it open?\"): I answer from that article.\n"
              "/sources lists the articles I know.",
    },
    "sources": {"zh": "我的资料来源（共 {n} 篇）：", "en": "My sources ({n} articles):"},
    "cite": {"zh": "出处", "en": "Source"},
    "paragraph": {"zh": "第{n}段", "en": "paragraph {n}"},
    "truncated": {"zh": "（原文在此处中断）", "en": "(the original text is cut off here)"},
    "unsure": {"zh": "我不确定您问的是哪一条。您是不是想问：", "en": "I'm not sure what you mean. Did you mean:"},
    "unsure_passage": {"zh": "我没有把握回答这个问题。这段原文可能有关：",
                       "en": "I'm not sure I can answer that. This passage may help:"},
    "passage": {"zh": "可能有关的原文：{where}", "en": "A passage that may help: {where}"},
    "passage_button": {"zh": "📄 原文：{where}", "en": "📄 Passage: {where}"},
    "broad": {"zh": "好几篇报道都谈到了这个问题，您问的是哪一篇？",
              "en": "Several articles cover this. Which one do you mean?"},
    "not_covered": {
        "zh": "抱歉，现有的工会报道里没有找到这个问题的答案。我能回答这些报道里的内容：",
        "en": "Sorry, the union articles I have do not cover that. I can answer questions about:",
    },
    "chitchat": {
        "zh": "您好！我是工会问答助手，请直接提出关于工会活动、政策的问题。发送 /help 查看示例。",
        "en": "Hello! I answer questions about union programmes. Send /help for examples.",
    },
    "empty": {"zh": "请输入您的问题。", "en": "Please type your question."},
    "error": {
        "zh": "抱歉，处理您的问题时出了点问题，请稍后再试。",
        "en": "Sorry, something went wrong while answering. Please try again later.",
    },
    "original": {"zh": "原文", "en": "Original"},
    "thanks": {"zh": "谢谢您的反馈！", "en": "Thanks for your feedback!"},
    "gone": {"zh": "这条内容已更新，请重新提问。", "en": "That item has changed; please ask again."},
    "ask_usage": {"zh": "用法：/ask 您的问题", "en": "Usage: /ask <your question>"},
    "not_admin": {"zh": "抱歉，此命令仅限管理员使用。", "en": "Sorry, this command is for administrators only."},
    "slow_down": {
        "zh": "您提问太快了，请稍等一分钟再问。",
        "en": "You are asking very fast; please wait a minute before asking again.",
    },
    "non_text": {"zh": "我只能回答文字问题，请用文字提问。", "en": "I can only answer text questions; please type it."},
    "cmd_start": {"zh": "开始：我能回答什么", "en": "What I can answer"},
    "cmd_help": {"zh": "使用说明和示例问题", "en": "How to ask, with examples"},
    "cmd_ask": {"zh": "提问（群里用）：/ask 问题", "en": "Ask a question (in groups): /ask <question>"},
    "cmd_sources": {"zh": "我的资料来源", "en": "The articles I answer from"},
    "stats": {
        "zh": "运行 {uptime}；知识库 {articles} 篇文章、{pairs} 条问答。\n"
              "本次启动以来：提问 {questions} 次，已回答 {answered} 次，不确定 {unsure} 次，"
              "未覆盖 {not_covered} 次；👍 {up}，👎 {down}。",
        "en": "Up {uptime}; knowledge: {articles} articles, {pairs} Q&A pairs.\n"
              "Since start: {questions} questions, {answered} answered, {unsure} unsure, "
              "{not_covered} not covered; 👍 {up}, 👎 {down}.",
    },
    "stats_log": {
        "zh": "问题日志：今天 {today} 个，近 7 天 {week} 个，共 {total} 个，回答率 {rate}%；👍 {up}，👎 {down}。",
        "en": "Question log: {today} today, {week} in 7 days, {total} in all, {rate}% answered; 👍 {up}, 👎 {down}.",
    },
    "stats_top": {"zh": "问得最多：", "en": "Asked most:"},
    "log_down": {
        "zh": "问题日志：自 {since} 起无法写入（{reason}），{lost} 个问题没有记录；会员的提问照常回答，"
              "原因排除后自动恢复。",
        "en": "Question log: cannot be written since {since} ({reason}); {lost} question(s) not logged. "
              "Members are answered as usual; it resumes by itself once the cause is gone.",
    },
    "reloaded": {
        "zh": "知识库已重新加载：{articles} 篇文章、{pairs} 条问答。",
        "en": "Knowledge reloaded: {articles} articles, {pairs} Q&A pairs.",
    },
    "reload_failed": {
        "zh": "知识库有 {n} 处错误，继续使用原来的版本：",
        "en": "The knowledge has {n} problem(s); still using the previous version:",
    },
    "reload_more": {
        "zh": "……另有 {n} 处；运行 python -m bot check 查看全部。",
        "en": "… and {n} more; run python -m bot check to see them all.",
    },
    "cmd_stats": {"zh": "（管理员）运行情况和统计图", "en": "(admins) Figures and chart"},
    "cmd_reload": {"zh": "（管理员）重新加载知识库", "en": "(admins) Reload the knowledge"},
    "cmd_unanswered": {"zh": "（管理员）没能回答的问题", "en": "(admins) Questions I could not answer"},
    "stats_chart": {
        "zh": "最近 {days} 天：每天的提问数（柱）和回答率（线）",
        "en": "Last {days} days: questions per day (bars) and answered rate (line)",
    },
    "private_only": {
        "zh": "请在与我的私聊中使用这个命令。",
        "en": "Please use this command in a private chat with me.",
    },
    "no_question_log": {
        "zh": "没有问题日志：设置 QUESTION_LOG_SALT 后才会记录会员的问题。",
        "en": "There is no question log: set QUESTION_LOG_SALT to keep one.",
    },
    "unanswered_none": {
        "zh": "最近 {days} 天没有没能回答（或被点了👎）的问题。",
        "en": "No unanswered (or 👎) questions in the last {days} days.",
    },
    "unanswered": {
        "zh": "最近 {days} 天没能回答（或被点了👎）的问题，相近的问法归为一组，按被问的次数排序（前 {shown} 组，"
              "完整列表见 CSV）：",
        "en": "Questions I could not answer (or that got 👎) in the last {days} days, similar wordings grouped, "
              "most asked first (top {shown}; the full list is in the CSV):",
    },
    "unanswered_item": {"zh": "{rank}. {question}（{count} 次）", "en": "{rank}. {question} ({count}×)"},
    "unanswered_variants": {"zh": "相近问法：{variants}", "en": "Also asked as: {variants}"},
    "unanswered_more": {"zh": "……另有 {n} 种问法", "en": "… and {n} more"},
    "unanswered_after": {"zh": "读完《{title}》的回答后接着问的", "en": "asked right after an answer from 《{title}》"},
    "unanswered_csv": {
        "zh": "没能回答的问题（最近 {days} 天，{n} 组），可用 Excel 打开",
        "en": "Unanswered questions (last {days} days, {n} groups), opens in Excel",
    },
}


def say(key: str, lang: Lang = "zh", **values: object) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    return _TEXT[key][lang].format(**values)


def language(code: str | None) -> Lang:
    """Telegram's ``language_code`` (e.g. "en-US", "zh-hans") to the language we reply in."""
    return "en" if code and code.lower().startswith("en") else "zh"
