"""Every UI string Parley shows, in Chinese and English, looked up by key.

The TUI and the CLI both read their words from here so a translation is fixed in one place.
Content written by coaches (scenarios, personas, principles) carries its own `Text` and never
comes through this table.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.model import Lang

#: key -> (zh, en). Placeholders use str.format names; both languages take the same names.
STRINGS: Mapping[str, tuple[str, str]] = {
    # app-wide
    "app.title": ("Parley · 客户沟通演练", "Parley · client conversation rehearsal"),
    "app.quit": ("退出", "Quit"),
    "app.help": ("帮助", "Help"),
    "app.language": ("English", "中文"),
    "app.language_switched": ("界面语言：中文", "Interface language: English"),
    "app.back": ("返回", "Back"),
    "app.quit_resumable": (
        "「{title}」已进行 {turns} 轮，每一轮都已保存。下次打开 parley，可在演练库顶部继续；"
        "也可以运行 parley resume。",
        "“{title}”: {turns} turn(s) so far, every one saved. Resume it from the top of the "
        "library next time you open parley, or with parley resume.",
    ),
    "app.quit_hint_title": ("要退出吗？", "Do you want to quit?"),
    "app.quit_hint": ("按 {keys} 退出", "Press {keys} to quit"),
    "app.loading": ("正在载入场景……", "Loading scenarios…"),
    "app.content_error": (
        "部分场景有错误，已跳过（运行 parley check 查看）：{count} 处",
        "Some scenarios have errors and were skipped (run parley check): {count}",
    ),
    "app.no_such_scenario": ("找不到场景 {name}", "No scenario {name}"),
    "app.no_content": (
        "找不到可用的场景。请用 parley check 检查场景文件。",
        "No usable scenarios found. Check the scenario files with parley check.",
    ),
    # the trainee's name, asked first in a browser (`parley serve`)
    "name.title": ("您的姓名", "Your name"),
    "name.body": (
        "记录和成绩都会记在这个名字下。请填写培训部门认识的名字（例如工号或真实姓名）。",
        "Your transcripts and scores are kept under this name. Use the name your training "
        "department knows you by (your staff number or full name).",
    ),
    "name.body_once": (
        "记录和成绩都会记在这个名字下，只问这一次。请填写培训部门认识的名字，例如工号或真实姓名；"
        "按回车确认。",
        "Your transcripts and scores are kept under this name; you are asked only once. Use the"
        " name your training department knows you by, such as your staff number or full name,"
        " then press Enter.",
    ),
    "name.body_once_plain": (
        "记录和成绩都会记在这个名字下，只问这一次（以后可用 --trainee 或 PARLEY_TRAINEE 改）。"
        "请输入培训部门认识的名字（工号或真实姓名），直接回车就用 {offered}：",
        "your transcripts and scores are kept under this name; you are asked only once (later,"
        " --trainee or PARLEY_TRAINEE change it). Type the name your training department knows"
        " you by, or press Enter for {offered}:",
    ),
    "name.placeholder": ("姓名，按回车确认", "Name, then Enter"),
    "name.empty": ("请填写姓名。", "Please type your name."),
    "name.bad_char": ("姓名中有不能用的字符。", "The name has characters that cannot be used."),
    "name.too_long": (
        "姓名太长（最多 20 个汉字或 40 个字母）。",
        "The name is too long (40 letters at most).",
    ),
    # families and modes
    "family.retail": ("零售客户", "Retail clients"),
    "family.credit": ("信贷客户", "Credit clients"),
    "family.pitch": ("方案提报", "Pitch rehearsal"),
    "mode.practice": ("练习模式", "Practice"),
    "mode.assessment": ("考核模式", "Assessment"),
    "outcome.success": ("成功", "Success"),
    "outcome.partial": ("部分达成", "Partly achieved"),
    "outcome.fail": ("失败", "Failed"),
    "outcome.abandoned": ("未完成", "Not finished"),
    # library
    "library.title": ("场景库", "Scenario library"),
    "library.filter": (
        "输入以筛选场景……（如 类：信贷 难度：3 原则：风险）",
        "Type to filter… (e.g. family:credit difficulty:3 principle:risk)",
    ),
    "library.next_group": ("下一个建议", "Suggested next"),
    "cohort.title": ("学员组概况", "Cohort overview"),
    "cohort.group": (
        "学员组名，回车查看（留空：全部学员）",
        "Group name, then Enter (empty: every trainee)",
    ),
    "cohort.no_group": (
        "没有学员组 {name}（已有：{known}）；用 parley cohort add {name} 学员… 建组",
        "No group named {name} (groups: {known}); make it with parley cohort add {name} NAME…",
    ),
    "cohort.empty": ("还没有学员的会话", "No trainee has a session here yet"),
    "cmd.cohort": ("学员组概况", "Cohort overview"),
    "cmd.cohort_help": (
        "按学员和原则查看进步、停滞与下一个建议",
        "Per trainee and principle: who improves, who is stuck, what to play next",
    ),
    "library.next_why": ("为什么", "Why"),
    "library.open": ("打开", "Open"),
    "library.filter_focus": ("筛选", "Filter"),
    "library.resume_group": ("继续未完成的练习", "Resume an unfinished session"),
    "library.resume_item": (
        "↻ {title}（{when} 开始，已进行 {turns} 轮）",
        "↻ {title} (started {when}, {turns} turns so far)",
    ),
    "library.resume_turns": ("↻ 已进行 {turns} 轮", "↻ {turns} turns so far"),
    "library.resume_owner": (" · {trainee} 的练习", " · {trainee}'s session"),
    "library.resume_offer": (
        "有 {count} 个未完成的练习，可在列表顶部继续。",
        "{count} unfinished session(s) can be resumed from the top of the list.",
    ),
    "library.none_match": ("没有匹配的场景", "No scenario matches"),
    "library.difficulty": ("难度", "Difficulty"),
    "library.persona": ("客户", "Client"),
    "library.focus": ("重点原则", "Principles in focus"),
    "library.best": ("最好成绩", "Best grade"),
    "library.family": ("类别", "Family"),
    "library.source": ("来源", "Source"),
    "library.local": ("本地", "local"),
    "library.bundled": ("内置", "bundled"),
    # briefing
    "briefing.title": ("情景简报", "Briefing"),
    "briefing.situation": ("情景", "Situation"),
    "briefing.objective": ("目标", "Objective"),
    "briefing.persona": ("客户档案", "Client profile"),
    "briefing.age": ("{age} 岁", "age {age}"),
    "briefing.business": ("生意", "Business"),
    "briefing.background": ("背景", "Background"),
    "briefing.history": ("往来", "History"),
    "briefing.wants": ("想要", "Wants"),
    "briefing.fears": ("担心", "Fears"),
    "briefing.style": ("说话方式", "Speaking style"),
    "briefing.rubric": ("评分要点", "Rubric"),
    "briefing.practice": ("练习模式（每轮点评）", "Practice (feedback every turn)"),
    "briefing.assessment": ("考核模式（结束后点评）", "Assessment (feedback at the end)"),
    "briefing.choose": (
        "选择模式：P 练习（每轮都有点评，可撤销）· A 考核（只在结束时点评）",
        "Choose a mode: P practice (feedback each turn, undo allowed) · "
        "A assessment (feedback only at the end)",
    ),
    # play
    "play.trust": ("信任", "Trust"),
    "play.patience": ("耐心", "Patience"),
    "play.mood": ("情绪", "Mood"),
    "play.turn": ("第 {n} 轮", "Turn {n}"),
    "play.you": ("你", "You"),
    "play.coach": ("教练点评", "Coach"),
    "play.input": (
        "输入你的回答，或输入选项编号后按回车",
        "Type your answer, or an option's number and Enter",
    ),
    "play.input_done": (
        "对话已结束：按回车查看成绩单",
        "The talk is over: press Enter for the scorecard",
    ),
    "play.hint": ("提示", "Hint"),
    "play.undo": ("撤销", "Undo"),
    "play.leave": ("离开", "Leave"),
    "play.answer": ("回答", "Answer"),
    "play.options": ("选项", "Options"),
    "play.hint_title": ("这一步要注意的原则", "Principles that matter here"),
    "play.hint_none": ("这一步没有特别的提示。", "Nothing special to watch for here."),
    "play.undone": ("已撤销上一轮。", "The last turn was taken back."),
    "play.nothing_to_undo": ("还没有可以撤销的一轮。", "There is no turn to take back yet."),
    "play.undo_finished": (
        "对话已经结束，不能再撤销；可以从成绩单再练一次。",
        "The conversation is over; play it again from the scorecard instead.",
    ),
    "play.undo_assessment": ("考核模式不能撤销。", "Undo is not available in assessment mode."),
    "play.hint_assessment": (
        "考核模式不提供提示：点评都留到结束时。",
        "No hints in assessment mode: all feedback waits for the end.",
    ),
    "play.bad_number": ("没有第 {n} 个选项。", "There is no option {n}."),
    "play.empty": ("请先输入回答或选择一个选项。", "Type an answer or pick an option first."),
    "play.clarify": (
        "没太听懂你的意思。请换个说法，或直接选一个选项。",
        "I could not tell what you meant. Say it another way, or pick an option.",
    ),
    "play.cut": (
        "回答太长（{length} 字），只取了前 {limit} 字。",
        "Your answer was very long ({length} characters); only the first {limit} were used.",
    ),
    "play.confirm_title": ("你的意思是：", "Did you mean:"),
    "play.confirm_yes": ("是，就这样说", "Yes, say that"),
    "play.confirm_no": ("不，我换个说法", "No, let me rephrase"),
    "play.ended": ("对话结束：{title}", "The conversation is over: {title}"),
    "play.see_scorecard": ("→ 查看成绩单（回车）", "→ See the scorecard (Enter)"),
    "play.scorecard": ("成绩单", "Scorecard"),
    "play.reaction": ("（反应）", "(reaction)"),
    "play.leave_title": ("离开这次练习？", "Leave this session?"),
    "play.leave_body": (
        "已完成的每一轮都保存在记录里，之后可以在场景库继续。",
        "Every finished turn is saved; you can resume from the library later.",
    ),
    "play.leave_yes": ("离开", "Leave"),
    "play.leave_no": ("继续练习", "Keep going"),
    "play.resumed": ("已从记录恢复 {turns} 轮。", "Resumed {turns} turns from the transcript."),
    "play.pending": (
        "上次没确认的回答已放回输入框，回车即可再说一遍。",
        "The answer you had not confirmed is back in the box: press Enter to say it again.",
    ),
    "play.trap": ("陷阱选项", "trap"),
    "play.red_line": ("越过红线", "red line crossed"),
    "play.upholds": ("符合", "upholds"),
    "play.violates": ("违反", "breaks"),
    # scorecard
    "score.title": ("成绩单", "Scorecard"),
    "score.grade": ("得分", "Grade"),
    "score.outcome": ("结果", "Outcome"),
    "score.turns": ("{n} 轮", "{n} turns"),
    "score.red_line": (
        "越过了红线，得分上限为 {cap}。",
        "A red line was crossed; the grade is capped at {cap}.",
    ),
    "score.areas": ("能力维度", "Competency areas"),
    "score.principles": ("原则逐项", "Principle by principle"),
    "score.untouched": ("未涉及", "not touched"),
    "score.trajectory": ("信任与耐心走势", "Trust and patience over the conversation"),
    "score.moments": ("关键时刻", "Key moments"),
    "score.best": ("做得好", "Done well"),
    "score.worst": ("可以更好", "Could be better"),
    "score.you_said": ("你说", "You said"),
    "score.silent": ("（什么也没说）", "(said nothing)"),
    "score.better": ("更好的选择", "A better option"),
    "score.better_said": ("这一步可以这样说", "This move could be said"),
    "score.kss": ("保持 · 开始 · 停止", "Keep · Start · Stop"),
    "score.keep": ("保持", "Keep"),
    "score.start": ("开始", "Start"),
    "score.stop": ("停止", "Stop"),
    "score.none": ("—", "—"),
    "score.transcript": ("记录已保存到", "Transcript saved to"),
    "score.no_transcript": ("本次没有保存记录。", "No transcript was saved."),
    "score.again": ("再练一次", "Play again"),
    "score.library": ("场景库", "Library"),
    "score.turn_n": ("第 {n} 轮", "turn {n}"),
    # help
    "help.title": ("帮助", "Help"),
    "help.keys": ("按键", "Keys"),
    "help.scores": ("分数的含义", "What the scores mean"),
    "help.close": ("关闭", "Close"),
    "help.key_lines": (
        "↑↓ 移动 · 回车 打开/选择 · Esc 返回\n"
        "选项列表里按 1–9 直接选择；输入框里输入编号再按回车\n"
        "Tab 在选项和输入框之间切换；直接打字就是自由回答\n"
        "F3 提示（本步要注意的原则）· Ctrl+Z 撤销上一轮（仅练习模式）\n"
        "F1 帮助 · F2 切换语言 · Ctrl+P 命令面板 · Ctrl+Q 退出",
        "↑↓ move · Enter open/choose · Esc back\n"
        "1–9 picks at once on the options list; in the text box, a number then Enter\n"
        "Tab switches between options and text box; just type to answer freely\n"
        "F3 hint (principles that matter here) · Ctrl+Z take back a turn (practice only)\n"
        "F1 help · F2 switch language · Ctrl+P command palette · Ctrl+Q quit",
    ),
    "help.score_lines": (
        "每一轮按所选回答在本步最差与最好回答之间的位置打分（0–1）；"
        "自由回答中的用语会按原则检测器加减分。\n"
        "总分 = 各轮平均 × 75% + 结局 × 25%（成功 100%，部分 50%，失败 0）。"
        "越过红线（如收礼、保证收益）得分最高 20。\n"
        "能力维度与原则分数 = 符合的分值 ÷（符合 + 违反）。"
        "信任和耐心是客户对你的感受，降到底客户就会离开。\n"
        "保持：做到了且从未违反的原则；开始：重点原则里还没做到的；停止：违反过的原则。",
        "Each turn scores where your move sits between the worst and best move offered (0–1); "
        "words you type are also checked by the principle detectors.\n"
        "Grade = mean turn score × 75% + ending × 25% (success 100%, partial 50%, fail 0). "
        "Crossing a red line (taking a gift, guaranteeing returns) caps the grade at 20.\n"
        "Area and principle scores = points upholding ÷ (upholding + breaking). "
        "Trust and patience are how the client feels about you; at zero they walk out.\n"
        "Keep: principles upheld and never broken. Start: principles in focus not shown yet. "
        "Stop: principles broken.",
    ),
    # command palette
    "cmd.palette": ("命令", "palette"),
    "cmd.search": ("搜索命令……", "Search for commands…"),
    "cmd.theme": ("配色主题", "Theme"),
    "cmd.theme_help": ("换一套界面配色", "Change the current theme"),
    "cmd.keys": ("按键面板", "Keys"),
    "cmd.keys_help": ("显示当前可用的按键", "Show a summary of the available keys"),
    "cmd.keys_hide": ("隐藏按键面板", "Hide the keys panel"),
    "cmd.screenshot": ("截图", "Screenshot"),
    "cmd.screenshot_help": ("把当前屏幕存成 SVG 图片", "Save an SVG screenshot of the screen"),
    "cmd.library": ("打开场景库", "Open the library"),
    "cmd.library_help": ("回到场景列表", "Go back to the scenario list"),
    "cmd.help": ("帮助：按键与分数", "Help: keys and scores"),
    "cmd.help_help": ("查看按键和评分说明", "See the keys and how scoring works"),
    "cmd.language": ("切换界面语言", "Switch the interface language"),
    "cmd.language_help": ("中文 ⇄ English", "中文 ⇄ English"),
    "cmd.quit": ("退出 Parley", "Quit Parley"),
    "cmd.quit_help": ("已完成的各轮都已保存", "Every finished turn is already saved"),
    "cmd.open": ("打开场景：{title}", "Open scenario: {title}"),
    "cmd.open_help": ("查看简报并开始", "Read the briefing and start"),
    # plain line mode (parley play --plain, parley resume)
    "plain.client": ("客户", "Client"),
    "plain.briefing": ("情况", "Briefing"),
    "plain.objective": ("目标", "Objective"),
    "plain.rubric": ("评分原则", "Judged on"),
    "plain.login_name": (
        "记录在登录名 {name} 名下（--trainee 或 PARLEY_TRAINEE 可指定姓名）",
        "kept under the login name {name} (--trainee or PARLEY_TRAINEE give a name)",
    ),
    "plain.hint_assessment": (
        "（考核模式不提供提示：点评都留到结束时。）",
        "(No hints in assessment mode: all feedback waits for the end.)",
    ),
    "plain.keys": (
        "输入选项编号，或直接用自己的话回答；h 提示和 u 撤销（练习模式），"
        "q 退出（可用 parley resume 继续）",
        "Type an option number or answer in your own words; h hint and u undo (practice), "
        "q quit (continue later with parley resume)",
    ),
    "plain.trust": ("信任", "trust"),
    "plain.patience": ("耐心", "patience"),
    "plain.empty": (
        "请输入 1–{count} 的编号，或用自己的话回答。",
        "Enter a number 1–{count}, or answer in your own words.",
    ),
    "plain.unknown_command": (
        "没有「{command}」这个命令：h 提示，u 撤销，q 退出；回答请直接输入编号或你要说的话。",
        'There is no command "{command}": h hint, u undo, q quit; to answer, type a number or'
        " your words.",
    ),
    "plain.out_of_range": (
        "没有选项 {number}：请输入 1–{count} 之间的编号。",
        "There is no option {number}: enter a number from 1 to {count}.",
    ),
    "plain.too_long": (
        "回答太长（{length} 字），只取前 {limit} 字。",
        "Your answer is very long ({length} characters); only the first {limit} are used.",
    ),
    "plain.confirm": ("你是想表达下面哪一个意思？", "Did you mean one of these?"),
    "plain.confirm_one": ("你是想表达这个意思吗？", "Did you mean this?"),
    "plain.confirm_prompt": (
        "选 {letters}，回车重新回答，或直接输入新的回答：",
        "Pick {letters}, press Enter to answer again, or type a new answer: ",
    ),
    "plain.confirm_none": ("好的，请重新回答。", "All right, answer again."),
    "plain.unheard": (
        "（这句话没对上任何一步，但这样说本身就违反了原则，照样计入成绩：）",
        "(That answered no move, but saying it breaks a principle all the same; it counts:)",
    ),
    "plain.clarify": (
        "你这话是什么意思？我没听明白。",
        "Sorry, what do you mean? I didn't follow.",
    ),
    "plain.patience_cost": ("（客户的耐心 -{cost}）", "(client's patience -{cost})"),
    "plain.hint": ("这一步要注意的原则：{principles}", "Principles that matter here: {principles}"),
    "plain.undone": ("已撤销上一轮：「{said}」", 'Took back the last turn: "{said}"'),
    "plain.pending": (
        "上次你说到这里，还没确认：「{said}」",
        'Last time you stopped here, before confirming: "{said}"',
    ),
    "plain.eof": (
        "输入结束。已完成的各轮都已保存，可用 parley resume 继续。",
        "End of input. Every finished turn is saved; continue with parley resume.",
    ),
    "plain.quit": (
        "已退出。已完成的各轮都已保存，可用 parley resume 继续。",
        "Stopped. Every finished turn is saved; continue with parley resume.",
    ),
    "plain.stopped_unanswered": (
        "已退出。还没有作答，没有需要继续的内容；下次重新开始即可。",
        "Stopped before any answer: there is nothing to continue; start it again any time.",
    ),
    "plain.stopped_no_turn": (
        "已退出。还没有完成的回合；你说过的话已记下，可用 parley resume 从这里继续。",
        "Stopped before any turn was finished; what you said is kept, and parley resume"
        " continues from here.",
    ),
    "plain.transcript": ("记录已保存：{path}", "Transcript saved: {path}"),
    # a transcript that cannot be written (disk full, read-only folder)
    "record.failed_start": (
        "无法开始记录：{reason}（{path}）。什么也没有写下，也没有留下空文件。"
        "请换一个可写的位置（设置 PARLEY_HOME，或用 --transcript 指定路径）后重新开始。",
        "Cannot start the transcript: {reason} ({path}). Nothing was written and no empty file "
        "is left behind. Choose a writable place (set PARLEY_HOME, or give --transcript PATH) "
        "and start again.",
    ),
    "record.failed_mid": (
        "记录无法继续写入：{reason}（{path}）。已完成的 {turns} 轮都已安全保存在记录中。"
        "腾出磁盘空间或让文件夹可写后，用这条命令从这里继续：parley resume {path}",
        "The transcript could not be written: {reason} ({path}). The {turns} finished turns "
        "are safe in it. Free some disk space or make the folder writable, then continue "
        "where you stopped with: parley resume {path}",
    ),
    "plain.unknown_scenario": (
        "找不到场景 {name}。可用的场景：{known}（用 parley list 查看）",
        "No scenario {name}. Known: {known} (see parley list)",
    ),
    "plain.other_errors": (
        "另有 {files} 个文件有错误，已跳过：{names}（运行 parley check 文件 查看）",
        "{files} other file(s) have errors and were skipped: {names} (run parley check FILE)",
    ),
    "plain.did_you_mean": ("你是指 {name} 吗？", "Did you mean {name}?"),
    "plain.content_errors": (
        "场景文件有错误，请先运行 parley check 修正：",
        "The scenario files have errors; run parley check and fix them:",
    ),
    # plain renderings of feedback and scorecards
    "render.turn": ("第 {number} 轮 · 你说：「{said}」", 'Turn {number} · you said: "{said}"'),
    "render.you_said": ("你说{quote}——", "you said {quote} — "),
    "render.coach": ("教练点评", "Coach"),
    "render.coach_closest": (
        "教练点评（对照你最接近的选项）",
        "Coach (on the option closest to your words)",
    ),
    "render.red_line": (
        "⚠ 触碰红线：无论得分如何，本次演练判定失败。",
        "⚠ A red line was crossed: the session fails whatever the points.",
    ),
    "render.scorecard": ("成绩单", "Scorecard"),
    "render.outcome": ("结果", "Outcome"),
    "render.grade": ("得分", "Grade"),
    "render.debrief": ("复盘", "Debrief"),
    "render.areas": ("能力维度", "Competency areas"),
    "render.principles": ("各项原则", "Principles"),
    "render.session_hits": ("整场", "Across the session"),
    "render.key_moments": ("关键时刻（可以做得更好）", "Key moments (could be better)"),
    "render.best_moments": ("做得好的时刻", "Best moments"),
    "render.moment": ("  第 {number} 轮：「{said}」", '  Turn {number}: "{said}"'),
    "render.better": ("更好的说法：{text}", "A better move: {text}"),
    "render.better_said": ("这一步可以这样说：{text}", "This move could be said: {text}"),
    "render.keep": ("继续保持", "Keep"),
    "render.start": ("开始尝试", "Start"),
    "render.stop": ("停止", "Stop"),
    # cold start
    "bench.coldstart": (
        "TUI 冷启动：Parley {parley:.0f} ms，最简 Textual 应用 {minimal:.0f} ms，比值 {ratio:.2f}",
        "TUI cold start: Parley {parley:.0f} ms, minimal Textual app {minimal:.0f} ms, "
        "ratio {ratio:.2f}",
    ),
}


def t(key: str, lang: Lang = "zh", **kwargs: object) -> str:
    """The UI string `key` in `lang`, with `kwargs` filled in; the key itself if unknown."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text


def both(key: str, **kwargs: object) -> str:
    """The CLI's bilingual form: "中文 / English"."""
    return f"{t(key, 'zh', **kwargs)} / {t(key, 'en', **kwargs)}"


def label(key: str, lang: Lang = "zh") -> str:
    """`key` as a field label: "类别：" in Chinese, "Family: " in English.

    The full-width colon carries no space, so a Chinese value after it stays on the label's
    line instead of being wrapped below it as one long "word".
    """
    return t(key, lang) + ("：" if lang == "zh" else ": ")
