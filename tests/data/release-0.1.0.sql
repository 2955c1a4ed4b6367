-- A database made by camp 0.1.0 (commit 9eb8912d3b54c1c22621fabd441c4fac38d680da),
-- as an operator would have it. tests/camp/test_migrations.py describes how it was
-- made and upgrades it with today's code. Never edit it: it is what that release wrote.
BEGIN TRANSACTION;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO "_sqlite_migrations" VALUES(1,'camp','0001_initial','2026-12-01 09:53:45.647779+00:00');
INSERT INTO "_sqlite_migrations" VALUES(2,'camp','0002_scheduler','2026-12-01 09:53:45.648872+00:00');
INSERT INTO "_sqlite_migrations" VALUES(3,'camp','0003_chat_imports','2026-12-01 09:53:45.649332+00:00');
INSERT INTO "_sqlite_migrations" VALUES(4,'camp','0004_voided_checkins','2026-12-01 09:53:45.649687+00:00');
CREATE TABLE adjustments (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            points INTEGER NOT NULL,
            reason TEXT NOT NULL,
            day INTEGER NOT NULL,
            created TEXT NOT NULL
        );
INSERT INTO "adjustments" VALUES(1,7,32,5,'best copy of night 1',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(2,7,37,3,'best copy of night 1',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(3,7,38,2,'best copy of night 1',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(4,7,38,5,'best copy of night 2',2,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(5,7,39,3,'best copy of night 2',2,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(6,7,42,2,'best copy of night 2',2,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(7,7,41,5,'best copy of night 3',3,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(8,7,39,3,'best copy of night 3',3,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(9,7,24,2,'best copy of night 3',3,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(10,7,37,5,'best copy of night 4',4,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(11,7,27,3,'best copy of night 4',4,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(12,7,39,2,'best copy of night 4',4,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(13,1,2,-2,'spam',4,'2026-03-05T12:30:00.000000Z');
INSERT INTO "adjustments" VALUES(14,1,1,5,'great post',2,'2026-03-05T12:30:00.000000Z');
CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            UNIQUE (camp_id, alias)
        );
INSERT INTO "aliases" VALUES(1,1,3,'明明同学');
CREATE TABLE camps (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            template TEXT,
            timezone TEXT NOT NULL,
            start TEXT NOT NULL,
            days INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
            definition TEXT NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        , events_fingerprint TEXT);
INSERT INTO "camps" VALUES(1,'cp','CP week','copywriting-cp','Asia/Shanghai','2026-03-02',7,'active','{"camp": {"name": "CP week", "description": "7-night copywriting challenge in pairs: a creative task every night from 20:00, harder each day, and an MVP pair at the end.", "timezone": "Asia/Shanghai", "language": "zh", "days": 7, "rest": [], "keywords": ["#打卡", "#checkin"], "group": "pair", "checkin_mode": "any", "pair_by_day": 2}, "windows": [{"name": "night", "open": "20:00", "due": "23:30", "late_until": "00:30"}], "tasks": {"ramp": "linear", "difficulty": [1, 5], "pool": [{"title": "十字以内重写一句口号", "body": "任选一个你常用的品牌，把它现在的广告口号改写成 10 个字以内的新口号。\n要求：一读就懂、能念出口、不出现品牌名也能让人猜到是谁。\n打卡格式：#打卡 原口号 → 新口号，再和你的 CP 互评一句。", "difficulty": 1, "graded": false}, {"title": "给身边的一件小物写三个卖点", "body": "拿起手边任意一件小物（水杯、台灯、笔……），写出三个卖点，每个不超过 15 个字。\n要求：一个讲功能、一个讲感受、一个讲场景。\n打卡时附上物品照片或名称，并给 CP 的卖点挑一个最打动你的。", "difficulty": 1, "graded": false}, {"title": "一件商品写五个标题", "body": "为同一件商品（可选：保温杯、降噪耳机、护手霜）写 5 个电商标题，每个 30 字以内。\n五个标题分别用：数字、提问、对比、痛点、场景 五种写法。\n打卡时标出你最满意的一个，并说明理由；CP 之间互相投票选出最佳。", "difficulty": 2, "graded": false}, {"title": "把说明书改写成朋友圈文案", "body": "找一段产品说明书或参数表（不少于 100 字），改写成一条 80 字以内的朋友圈文案。\n要求：去掉术语，用第一人称讲一个使用瞬间，结尾留一个互动问题。\n打卡时贴出原文截图要点和改写稿。", "difficulty": 2, "graded": false}, {"title": "同一句话，写给三种人", "body": "把“周末书店满 100 减 30”分别写给：大学生、上班族、带娃的家长，每条 40 字以内。\n要求：每条都要找到这类人最在意的一点。\n打卡时三条一起发，CP 负责猜每条写给谁。", "difficulty": 2, "graded": false}, {"title": "给一家小店写开业海报文案", "body": "为一家虚构的社区小店（面包店、花店或修车铺任选）写一张开业海报：主标题、副标题、三条正文、行动号召。\n要求：主标题 12 字以内，正文里要有具体的数字或细节，行动号召要写清时间地点。\n打卡时贴全文；和 CP 交换修改一轮，把修改前后都发出来。", "difficulty": 3, "graded": false}, {"title": "写一条 150 字的产品故事", "body": "为一件普通商品写一个 150 字左右的小故事：有人物、有冲突、有转折，产品自然出现一次。\n要求：不写“品质”“匠心”“高端”这类空词。\n打卡时附一句话说明你想让读者记住什么。", "difficulty": 3, "graded": false}, {"title": "短视频脚本：15 秒讲清一个卖点", "body": "为一款产品写一个 15 秒短视频脚本：分镜（画面）、台词、字幕三列，不超过 5 个镜头。\n要求：前 3 秒必须有钩子，结尾必须有明确的行动号召。\n打卡时用表格格式发出，并请 CP 按“钩子、清晰、记忆点”各打 1–5 分。", "difficulty": 4, "graded": false}, {"title": "同一产品的 A/B 两版广告", "body": "为同一产品写两版信息流广告（标题 + 正文 60 字）：A 版讲理性利益，B 版讲情绪价值。\n写出你预测哪版点击率更高，以及你会用什么数据验证。\n打卡时两版并列；CP 给出相反的预测并说出理由。", "difficulty": 4, "graded": false}, {"title": "把差评改写成品牌回应", "body": "找一条真实的电商差评（隐去名字），以品牌身份写一条 120 字以内的公开回复。\n要求：先共情、再说明、后补救，不推卸、不模板化，读完让围观的人更愿意买。\n打卡时贴出差评要点和回复。", "difficulty": 4, "graded": false}, {"title": "一页完整的品牌活动方案", "body": "为一个虚构品牌的节日活动写一页方案：活动主题、核心口号、三条渠道文案（海报、朋友圈、短视频开头一句）和一段 100 字的活动说明。\n要求：所有文案围绕同一个核心创意，风格统一。\n和你的 CP 合作完成，各自负责一半，打卡时注明分工。", "difficulty": 5, "graded": false}, {"title": "长文案：一封 500 字的品牌信", "body": "以品牌创始人的口吻写一封 500 字左右的信，给老用户讲一次产品升级的来龙去脉。\n要求：有一个真诚的细节、一个坦白的不足、一个具体的承诺。\n打卡时贴全文，并和 CP 互相划出对方最好的一句。", "difficulty": 5, "graded": false}], "days": [{"day": 6, "title": "写一条 30 秒短视频脚本", "body": "开头三秒抓人，结尾一句行动号召。", "difficulty": 4, "graded": false}]}, "scoring": {"base": 10, "by_difficulty": true, "late_factor": 0.5, "makeup_factor": 0.5, "makeup_limit": 1, "streak_bonus": 2, "streak_cap": 10, "pair_bonus": 5, "graded_points": 0}, "ceremonies": {"opening": {"day": 1, "at": "19:30"}, "closing": {"day": "last", "at": "23:45"}}, "reminders": {"before_due": ["30m"], "task_post": "08:00", "summary": "09:00"}, "members": {"inactive_after": 2, "remove_after": 3, "inactive_by": "checkins"}, "channels": [{"type": "stdout"}]}','2026-03-01T02:00:00.000000Z','2026-03-01T02:00:00.000000Z','ffef7b2958e3fdc11d4f34d29b2ea6d8848eab3a803a213ec3711c591914f8a4');
INSERT INTO "camps" VALUES(2,'sprint','会计冲刺','accounting-sprint','Asia/Shanghai','2026-03-02',30,'active','{"camp": {"name": "会计冲刺", "description": "30-day accounting exam sprint: a nightly drill from 20:00 to 21:00 that gets harder every day, with five graded mock exams.", "timezone": "Asia/Shanghai", "language": "zh", "days": 30, "rest": [], "keywords": ["#打卡", "#checkin"], "group": "solo", "checkin_mode": "any"}, "windows": [{"name": "drill", "open": "20:00", "due": "21:00", "late_until": "21:30"}], "tasks": {"ramp": "linear", "difficulty": [1, 5], "pool": [{"title": "会计基础：会计要素与会计等式", "body": "1. 默写六大会计要素及其定义，写出“资产 = 负债 + 所有者权益”和“收入 − 费用 = 利润”。\n2. 完成 10 道单选题：判断经济业务对会计等式的影响（如“以银行存款偿还短期借款”）。\n3. 打卡时附上错题编号和一句话错因。", "difficulty": 1, "graded": false}, {"title": "会计基础：借贷记账法", "body": "1. 按“有借必有贷，借贷必相等”编制 10 笔日常业务的会计分录（采购、销售、付工资、提现等）。\n2. 为其中 5 个账户画 T 形账并结出期末余额。\n3. 打卡时附上一笔你最没把握的分录。", "difficulty": 1, "graded": false}, {"title": "会计基础：会计科目与账户分类", "body": "1. 把 30 个常用会计科目按资产、负债、共同、所有者权益、成本、损益六类归类。\n2. 说明“累计折旧”“坏账准备”为什么是资产的备抵科目，余额在哪一方。\n3. 完成 10 道判断题，打卡时写出正确率。", "difficulty": 1, "graded": false}, {"title": "会计基础：货币资金与银行存款余额调节表", "body": "1. 复习库存现金清查：现金溢余、短缺的批准前后分录。\n2. 根据题目给出的企业日记账与银行对账单，找出四类未达账项并编制银行存款余额调节表。\n3. 打卡时写出调节后的余额。", "difficulty": 1, "graded": false}, {"title": "存货：发出存货的计价方法", "body": "1. 用同一组进货与发货数据，分别按先进先出法、月末一次加权平均法、移动加权平均法计算发出成本和期末结存。\n2. 比较三种方法在物价上涨时对利润的影响。\n3. 打卡时附上三种方法的期末结存金额。", "difficulty": 2, "graded": false}, {"title": "存货：存货跌价准备", "body": "1. 掌握“成本与可变现净值孰低”：分别计算用于出售的产成品和用于生产的材料的可变现净值。\n2. 完成 2 道计算题：计提、转回存货跌价准备的分录（转回以原计提金额为限）。\n3. 打卡时写出你对“有合同部分与无合同部分分别计算”的理解。", "difficulty": 2, "graded": false}, {"title": "应收款项：坏账准备", "body": "1. 按预期信用损失模型，用账龄分析法计算应计提的坏账准备。\n2. 编制计提、实际发生坏账、已核销坏账又收回三笔分录。\n3. 完成 8 道选择题，打卡时写出正确率。", "difficulty": 2, "graded": false}, {"title": "交易性金融资产", "body": "1. 写出取得（交易费用计入投资收益）、宣告股利、期末公允价值变动、出售的全套分录。\n2. 完成 1 道综合计算题，算出持有期间对营业利润的累计影响。\n3. 打卡时附上出售时“投资收益”的金额。", "difficulty": 2, "graded": false}, {"title": "固定资产：取得与折旧方法", "body": "1. 计算外购需安装设备的入账价值（价款、运杂费、安装费，增值税进项不计入成本）。\n2. 对同一设备分别按年限平均法、双倍余额递减法、年数总和法计算前三年折旧额。\n3. 注意双倍余额递减法最后两年改为直线法，打卡时写出三种方法第 2 年的折旧额。", "difficulty": 2, "graded": false}, {"title": "无形资产：研发支出与摊销", "body": "1. 区分研究阶段与开发阶段，写出研发支出费用化、资本化的分录。\n2. 计算使用寿命有限的无形资产的年摊销额，并说明使用寿命不确定时的处理（不摊销，每年减值测试）。\n3. 完成 8 道选择题，打卡时附上错题。", "difficulty": 2, "graded": false}, {"title": "固定资产：后续支出、处置与减值", "body": "1. 区分资本化后续支出（更新改造）和费用化后续支出，完成 1 道更新改造题（扣除被替换部分账面价值）。\n2. 通过“固定资产清理”编制出售、报废的全套分录，区分资产处置损益与营业外支出。\n3. 计提减值后重新计算剩余年限的折旧；打卡时写出处置净损益。", "difficulty": 3, "graded": false}, {"title": "长期股权投资：初始计量", "body": "1. 分别写出同一控制下企业合并、非同一控制下企业合并、非企业合并方式取得长期股权投资的初始投资成本。\n2. 说明合并直接相关费用（计入管理费用）与发行证券交易费用的不同处理。\n3. 完成 2 道计算题，打卡时写出每题的初始投资成本。", "difficulty": 3, "graded": false}, {"title": "收入：五步法模型", "body": "1. 默写收入确认五步法：识别合同、识别履约义务、确定交易价格、分摊交易价格、确认收入。\n2. 完成 1 道“商品 + 安装 + 维保”的题目：按单独售价比例分摊交易价格。\n3. 判断各项履约义务是时段履行还是时点履行，打卡时写出各项分摊金额。", "difficulty": 3, "graded": false}, {"title": "借款费用资本化", "body": "1. 找出资本化期间的开始、暂停（非正常中断且连续超过 3 个月）、停止的条件。\n2. 分别计算专门借款（扣除闲置资金收益）和一般借款（加权平均资本化率）的利息资本化金额。\n3. 打卡时写出本题应予资本化的利息总额。", "difficulty": 3, "graded": false}, {"title": "职工薪酬", "body": "1. 整理短期薪酬、离职后福利、辞退福利、其他长期职工福利的范围。\n2. 编制非货币性福利（以自产产品发放给职工）的分录，注意视同销售确认收入。\n3. 完成 8 道选择题，打卡时附上正确率。", "difficulty": 3, "graded": false}, {"title": "应付债券：实际利率法", "body": "1. 编制分期付息债券溢价发行的摊余成本表（期初摊余成本、实际利息、应付利息、溢价摊销、期末摊余成本）。\n2. 写出发行、每期计息、到期还本的分录。\n3. 打卡时写出第 2 期末的摊余成本。", "difficulty": 3, "graded": false}, {"title": "政府补助", "body": "1. 区分与资产相关、与收益相关的政府补助，对比总额法和净额法。\n2. 完成 1 道与资产相关补助的题目：递延收益在资产使用寿命内分期计入其他收益。\n3. 打卡时写出第一年计入损益的金额。", "difficulty": 3, "graded": false}, {"title": "长期股权投资：权益法后续计量", "body": "1. 完成 1 道权益法综合题：初始投资成本小于应享份额的调整、按公允价值调整被投资方净利润、内部交易未实现损益的抵销。\n2. 写出被投资方其他综合收益、其他权益变动对应的分录。\n3. 打卡时写出年末长期股权投资的账面价值。", "difficulty": 4, "graded": false}, {"title": "长期股权投资：核算方法的转换", "body": "1. 整理增资（公允价值计量 → 权益法 → 成本法）与减资（成本法 → 权益法 → 公允价值计量）的六种情形。\n2. 完成 1 道“成本法转权益法”的追溯调整题，区分调整留存收益与当期损益。\n3. 打卡时画出你的转换关系图。", "difficulty": 4, "graded": false}, {"title": "所得税：暂时性差异与递延所得税", "body": "1. 分别计算固定资产、存货跌价准备、预计负债、交易性金融资产的账面价值与计税基础。\n2. 判断应纳税暂时性差异与可抵扣暂时性差异，计算递延所得税资产和负债。\n3. 写出“所得税费用 = 当期所得税 + 递延所得税”的完整分录，打卡时附上所得税费用金额。", "difficulty": 4, "graded": false}, {"title": "收入：可变对价、质保与主要责任人", "body": "1. 完成 1 道含销售折扣与退货权的题目：按期望值或最可能发生金额估计可变对价，并受“极可能不会发生重大转回”限制。\n2. 区分保证类质保（预计负债）与服务类质保（单项履约义务）。\n3. 判断主要责任人与代理人（总额法或净额法），打卡时写出应确认的收入。", "difficulty": 4, "graded": false}, {"title": "会计政策变更与前期差错更正", "body": "1. 区分会计政策变更、会计估计变更与前期差错，说明追溯调整法与未来适用法。\n2. 完成 1 道重要前期差错更正题：通过“以前年度损益调整”调整留存收益，并考虑所得税影响。\n3. 打卡时写出调整后的期初未分配利润。", "difficulty": 4, "graded": false}, {"title": "资产负债表日后事项", "body": "1. 区分调整事项与非调整事项，各举 3 个例子。\n2. 完成 1 道日后诉讼判决的调整题：调整报告年度的预计负债、损益和所得税。\n3. 打卡时写出调整分录中涉及的报表项目。", "difficulty": 4, "graded": false}, {"title": "合并报表：长期股权投资与所有者权益的抵销", "body": "1. 非同一控制下企业合并：按购买日公允价值调整子公司报表，成本法调整为权益法。\n2. 编制长期股权投资与子公司所有者权益的抵销分录，计算商誉和少数股东权益。\n3. 编制投资收益与子公司利润分配的抵销分录，打卡时写出少数股东损益。", "difficulty": 5, "graded": false}, {"title": "合并报表：内部交易的抵销", "body": "1. 内部存货交易：抵销未实现内部销售利润，连续编制两年的抵销分录（期初未分配利润的衔接）。\n2. 内部固定资产交易：抵销未实现损益及多计提的折旧。\n3. 考虑递延所得税的抵销影响，打卡时附上第二年的全部抵销分录。", "difficulty": 5, "graded": false}, {"title": "综合题：所得税 + 差错更正 + 日后事项", "body": "1. 限时 60 分钟完成 1 道历年真题级综合题，不翻书。\n2. 按评分标准自评：分录、计算过程、报表项目各占多少分。\n3. 打卡时写出得分和最耗时的一步。", "difficulty": 5, "graded": false}], "days": [{"day": 7, "title": "第 1 次模拟考试：会计基础与资产", "body": "限时 60 分钟，闭卷完成模拟卷（单选、多选、判断、计算分析），范围：会计基础、货币资金、存货、应收款项、固定资产。\n交卷后自行对照答案评分，打卡时写出 0–100 的分数；21:00 后公布答案与解析。", "difficulty": 2, "graded": true}, {"day": 14, "title": "第 2 次模拟考试：资产、负债与收入", "body": "限时 90 分钟，闭卷完成模拟卷，范围：无形资产、长期股权投资初始计量、负债、借款费用、收入五步法。\n打卡时写出 0–100 的分数和错题最多的章节；21:00 后公布答案与解析。", "difficulty": 3, "graded": true}, {"day": 21, "title": "第 3 次模拟考试：所得税与会计调整", "body": "限时 120 分钟，按考试时间分配完成整套模拟卷，重点：所得税、长期股权投资后续计量、会计政策变更与差错、日后事项。\n打卡时写出 0–100 的分数；21:00 后公布答案与解析。", "difficulty": 4, "graded": true}, {"day": 28, "title": "第 4 次模拟考试：全真模拟", "body": "按正式考试时长完成一整套全真模拟卷，关闭手机，只用考试允许的计算器。\n打卡时写出 0–100 的分数和两道主观题的得分；21:00 后公布答案与解析。", "difficulty": 5, "graded": true}, {"day": 30, "title": "考前最后一次模拟：查漏补缺", "body": "完成最后一套全真模拟卷，然后把 30 天来的错题本从头过一遍，每章写一句“考场提醒”。\n打卡时写出 0–100 的分数。明天考试，今晚早点休息，祝你逢考必过！", "difficulty": 5, "graded": true}]}, "scoring": {"base": 10, "by_difficulty": true, "late_factor": 0.5, "makeup_factor": 0.5, "makeup_limit": 2, "streak_bonus": 2, "streak_cap": 10, "pair_bonus": 0, "graded_points": 20}, "ceremonies": {"opening": {"day": 1, "at": "19:30"}, "closing": {"day": "last", "at": "21:45"}}, "reminders": {"before_due": ["30m"], "task_post": "12:00", "summary": "09:00"}, "members": {"inactive_after": 3, "remove_after": 5, "inactive_by": "checkins"}, "channels": [{"type": "stdout"}]}','2026-03-01T02:00:00.000000Z','2026-03-01T02:00:00.000000Z','66d8ea98c3bf109050969a7036e012f28929b44beaefc26f76f95a20a39a5718');
INSERT INTO "camps" VALUES(3,'buddies','Study buddies','study-buddy','Asia/Shanghai','2026-03-02',7,'active','{"camp": {"name": "Study buddies", "description": "21 days of paired self-study: sign in for your shift, then study at least one focused hour; public holidays off.", "timezone": "Asia/Shanghai", "language": "zh", "days": 7, "rest": ["holidays:CN"], "keywords": ["#打卡", "#签到", "#checkin"], "group": "pair", "checkin_mode": "shift", "pair_by_day": 1}, "windows": [{"name": "early", "open": "19:50", "due": "20:00", "late_until": "20:10"}, {"name": "middle", "open": "20:50", "due": "21:00", "late_until": "21:10"}, {"name": "late", "open": "21:50", "due": "22:00", "late_until": "22:10"}], "tasks": {"ramp": "fixed", "difficulty": 2, "pool": [{"title": "番茄钟专注一小时", "body": "签到后开始学习：25 分钟专注 + 5 分钟休息，连续两个番茄钟，手机放在够不着的地方。\n学习前在群里写下这一小时的目标（一句话），结束后回复完成情况。\n你的学习搭子负责在结束时提醒你汇报——每天至少学满一小时。", "difficulty": 2, "graded": false}, {"title": "错题重做一小时", "body": "签到后的这一小时只做一件事：把最近一周的错题重新做一遍，不看答案。\n做完对照答案，把仍然做错的题目抄进错题本，写清“错在哪一步”。\n结束时发一句话：今天重做了几道、还剩几道没弄懂。搭子互相检查。", "difficulty": 2, "graded": false}, {"title": "费曼学习法：讲给搭子听", "body": "签到后用 40 分钟学习一个新知识点，再用 15 分钟把它写成“讲给外行听”的 5 句话。\n学习结束后把这 5 句话发给你的学习搭子，请对方指出一处没听懂的地方。\n至少学满一小时，今天的打卡以发出讲解为准。", "difficulty": 2, "graded": false}, {"title": "一小时背诵与默写", "body": "签到后的一小时分三段：先用 30 分钟背诵（单词、公式、法条或概念任选），再用 20 分钟闭卷默写，最后 10 分钟对照订正。\n结束时汇报：背了多少、默写正确率多少。\n搭子之间比一比正确率，没过 80% 的明天再默一次。", "difficulty": 2, "graded": false}, {"title": "限时练习：一套小测", "body": "签到后的一小时里，先用 45 分钟限时完成一套小测（一张卷子、一个章节习题或 20 道选择题），计时期间不查资料。\n剩下 15 分钟批改并记下错因。\n结束时发出用时和得分，搭子之间互相提醒下一次的改进点。", "difficulty": 2, "graded": false}, {"title": "思维导图整理一章", "body": "签到后用一小时把正在学的一章整理成一张思维导图：中心主题、三到五个分支、每个分支至少两个要点。\n写不出来的地方就是没掌握的地方，标红，明天优先复习。\n结束时把导图照片发给学习搭子。", "difficulty": 2, "graded": false}, {"title": "预习 + 提问", "body": "签到后用一小时预习明天要学的内容：先看目录和小标题，再通读一遍，最后写下三个你最想弄清楚的问题。\n结束时把三个问题发到群里，搭子挑一个明天一起解决。\n今天也要学满一小时，不以看完为准，以提出问题为准。", "difficulty": 2, "graded": false}, {"title": "复盘一周", "body": "签到后的一小时分两段：先用 20 分钟回顾本周学了什么：列出已掌握、半懂、没懂三栏清单。\n再用 40 分钟专攻“半懂”那一栏里最重要的一项。\n结束时把三栏清单发给学习搭子，互相确认下周的重点。", "difficulty": 2, "graded": false}, {"title": "整块阅读一小时", "body": "签到后安静阅读一小时教材或专业书，不跳读，不刷手机。\n每读完一节，用一句话写下这一节的核心观点。\n结束时把这几句话发给搭子；搭子挑一句追问“为什么”。", "difficulty": 2, "graded": false}, {"title": "真题拆解一小时", "body": "签到后的一小时里，选一道历年真题（大题或综合题），先独立做 30 分钟，再用 30 分钟对照解析拆解：考点是什么、出题人的陷阱在哪里、标准步骤怎么写。\n结束时把“考点 + 陷阱”两行总结发给学习搭子。", "difficulty": 2, "graded": false}], "days": []}, "scoring": {"base": 10, "by_difficulty": false, "late_factor": 0.5, "makeup_factor": 0.5, "makeup_limit": 1, "streak_bonus": 2, "streak_cap": 10, "pair_bonus": 5, "graded_points": 0}, "ceremonies": {"opening": {"day": 1, "at": "19:30"}, "closing": {"day": "last", "at": "23:10"}}, "reminders": {"before_due": ["10m"], "task_post": "18:00", "summary": "09:00"}, "members": {"inactive_after": 2, "remove_after": 4, "inactive_by": "checkins"}, "channels": [{"type": "stdout"}]}','2026-03-01T02:00:00.000000Z','2026-03-01T02:00:00.000000Z','07c405cc94d3daaf32c50c6041ba45a26304c6044a1948503e084e3cf294a6a6');
INSERT INTO "camps" VALUES(4,'ops','Ops club','ops-club','Asia/Shanghai','2026-03-02',7,'active','{"camp": {"name": "Ops club", "description": "28 working days of operations practice in teams: sign in each morning, discuss a rotating topic, regular clean-out of inactive members.", "timezone": "Asia/Shanghai", "language": "zh", "days": 7, "rest": ["weekends"], "keywords": ["#签到", "#打卡", "#checkin"], "group": "team", "checkin_mode": "any"}, "windows": [{"name": "signin", "open": "09:00", "due": "12:00", "late_until": "18:00"}], "tasks": {"ramp": "fixed", "difficulty": 2, "pool": [{"title": "话题：用户增长的第一步", "body": "今天讨论：你负责的产品（或你熟悉的一个产品）新用户主要从哪里来？\n签到时写：渠道、最近一个月的大致占比、你认为最值得加码的一个渠道及理由。", "difficulty": 2, "graded": false}, {"title": "话题：留存率怎么看", "body": "今天讨论：次日留存、7 日留存、30 日留存分别说明什么问题？\n签到时写：你关注的留存指标、当前数值区间（可脱敏），以及一个提升留存的具体动作。", "difficulty": 2, "graded": false}, {"title": "话题：搭一张数据看板", "body": "今天讨论：如果只能在看板上放 5 个指标，你会放哪 5 个？\n签到时列出 5 个指标、各自的口径（怎么算）和每天谁来看。", "difficulty": 2, "graded": false}, {"title": "话题：社群规则怎么定", "body": "今天讨论：一个 200 人的微信群，哪些规则必须写进群公告？\n签到时写出你的 3 条群规，以及违规后的处理方式（提醒、警告、移出）。", "difficulty": 2, "graded": false}, {"title": "话题：活跃度与清理", "body": "今天讨论：微信群 200 人约 20% 活跃、QQ 群千人约 5–10% 活跃，你的群达到了吗？\n签到时写：你的群规模、近 7 天发言人数占比，以及你对沉默成员的处理办法。", "difficulty": 2, "graded": false}, {"title": "话题：一次活动的复盘", "body": "今天讨论：用“目标、结果、原因、改进”四段复盘你最近做过的一次活动。\n签到时每段写一句，重点写清“原因”里哪一条是可控的。", "difficulty": 2, "graded": false}, {"title": "话题：转化漏斗", "body": "今天讨论：从曝光到付费，你的产品有哪几步？哪一步流失最多？\n签到时画出（或列出）漏斗的每一步和转化率，并提出一个针对流失最大一步的实验。", "difficulty": 2, "graded": false}, {"title": "话题：用户分层", "body": "今天讨论：你会按什么把用户分层（消费金额、活跃度、生命周期……）？\n签到时写出你的分层方式、每层的大致占比和对每层的不同运营动作。", "difficulty": 2, "graded": false}, {"title": "话题：内容选题", "body": "今天讨论：好的选题从哪里来？\n签到时分享你最近一条数据最好的内容：标题、阅读或播放量、你认为它成功的原因。", "difficulty": 2, "graded": false}, {"title": "话题：签到与积分体系", "body": "今天讨论：签到积分能提高活跃吗？积分应该能换什么？\n签到时写出你设计的一条积分规则（怎么得、怎么用、如何防刷）。", "difficulty": 2, "graded": false}, {"title": "话题：流失用户召回", "body": "今天讨论：用户 30 天没来了，你会怎么召回？\n签到时写出召回的渠道、文案（一句话）和你会用什么指标判断召回是否成功。", "difficulty": 2, "graded": false}, {"title": "话题：B2B 客户群的运营", "body": "今天讨论：B2B 客户群为什么建议控制在 100 人以内？\n签到时分享你管理客户群的一个做法：分群方式、答疑节奏或服务边界。", "difficulty": 2, "graded": false}, {"title": "话题：A/B 测试怎么做", "body": "今天讨论：一次靠谱的 A/B 测试需要哪些要素？\n签到时写出你想做的一个测试：假设、变量、指标、样本量和测试时长。", "difficulty": 2, "graded": false}, {"title": "话题：周报里的数据", "body": "今天讨论：一份好的运营周报应该回答哪三个问题？\n签到时贴出你周报里的核心数据结构（可脱敏），并说一处你想改进的地方。", "difficulty": 2, "graded": false}], "days": []}, "scoring": {"base": 10, "by_difficulty": false, "late_factor": 0.5, "makeup_factor": 0.5, "makeup_limit": 1, "streak_bonus": 1, "streak_cap": 5, "pair_bonus": 0, "graded_points": 0}, "ceremonies": {"opening": {"day": 1, "at": "08:30"}, "closing": {"day": "last", "at": "18:30"}}, "reminders": {"before_due": ["1h"], "task_post": "08:45", "summary": "08:00"}, "members": {"inactive_after": 3, "remove_after": 7, "inactive_by": "checkins"}, "channels": [{"type": "stdout"}]}','2026-03-01T02:00:00.000000Z','2026-03-01T02:00:00.000000Z','fdc541c484db4696193f83ebab9c4a00b8869480fe60fc155e7dfbbae35158ca');
INSERT INTO "camps" VALUES(5,'reading','Reading March 2024','reading-camp','Asia/Shanghai','2024-03-01',20,'archived','{"camp": {"name": "Reading March 2024", "description": "20 days of reading together: a daily reading task from 06:00 to 23:00, streak bonuses, opening and closing ceremonies.", "timezone": "Asia/Shanghai", "language": "zh", "days": 20, "rest": [], "keywords": ["#打卡", "#读书打卡", "#checkin"], "group": "solo", "checkin_mode": "any"}, "windows": [{"name": "reading", "open": "06:00", "due": "23:00", "late_until": "23:59"}], "tasks": {"ramp": "step", "difficulty": [1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5], "pool": [{"title": "读 10 页，摘抄一句", "body": "今天读 10 页。读完摘抄一句最打动你的话，并写一句为什么。\n打卡格式：#读书打卡 第 x–y 页 + 摘抄 + 一句感受。", "difficulty": 1, "graded": false}, {"title": "读 10 页，认识作者", "body": "今天读 10 页，再花 5 分钟查一查作者：什么背景、为什么写这本书。\n打卡时写两句话：作者是谁，以及你对这本书的第一印象。", "difficulty": 1, "graded": false}, {"title": "读 15 页，给章节起标题", "body": "今天读 15 页，合上书，用你自己的话给读过的这部分起一个标题（不超过 12 个字）。\n打卡时附上你的标题和原书的标题，比较一下差别。", "difficulty": 1, "graded": false}, {"title": "读 20 页，带着问题读", "body": "开始前先写下一个你希望这本书回答的问题，然后读 20 页。\n打卡时写：这 20 页有没有回答你的问题？回答了多少？", "difficulty": 2, "graded": false}, {"title": "读 20 页，画出关键词", "body": "读 20 页，边读边圈出 5 个关键词。\n打卡时列出这 5 个词，并用它们串成一句话概括今天读的内容。", "difficulty": 2, "graded": false}, {"title": "读 20 页，找一个例子", "body": "读 20 页，找出书中的一个例子或故事，想一想它在说明什么观点。\n打卡时写：例子是什么（一句），它说明了什么（一句），你身边有没有类似的事（一句）。", "difficulty": 2, "graded": false}, {"title": "读 25 页，朗读一段", "body": "读 25 页，挑一段你最喜欢的内容大声朗读出来（可以录一段不超过 1 分钟的语音）。\n打卡时发出语音或文字片段，说说你为什么选它。", "difficulty": 2, "graded": false}, {"title": "读 30 页，写一段读书笔记", "body": "读 30 页，写一段 150 字的读书笔记：作者说了什么、你怎么看。\n打卡时贴出笔记全文。", "difficulty": 3, "graded": false}, {"title": "读 30 页，画一张结构图", "body": "读 30 页，把这部分内容画成一张结构图或思维导图（手画拍照即可）。\n打卡时发图，并用一句话说明这部分的逻辑主线。", "difficulty": 3, "graded": false}, {"title": "读 30 页，反驳作者一次", "body": "读 30 页，找出一个你不完全同意的观点。\n打卡时写：作者的观点、你的不同看法、你的理由（各一到两句）。", "difficulty": 3, "graded": false}, {"title": "读 30 页，连接到自己", "body": "读 30 页，找一个能用在你工作或生活里的做法。\n打卡时写：这个做法是什么、你打算在哪件事上试一试、什么时候试。", "difficulty": 3, "graded": false}, {"title": "读 30 页，提三个问题", "body": "读 30 页，写下三个问题：一个事实性问题、一个“为什么”的问题、一个“如果……会怎样”的问题。\n打卡时发出三个问题，并试着回答其中一个。", "difficulty": 3, "graded": false}, {"title": "读 40 页，写 300 字小书评", "body": "读 40 页，写一篇 300 字的小书评：这部分最有价值的地方、最薄弱的地方、推荐给谁。\n打卡时贴出全文。", "difficulty": 4, "graded": false}, {"title": "读 40 页，对比另一本书", "body": "读 40 页，想一本你读过的、主题相近的书或文章，比较两者的观点异同。\n打卡时写 200 字对比。", "difficulty": 4, "graded": false}, {"title": "读 40 页，把一章讲给别人听", "body": "读 40 页，把其中一章讲给家人或朋友听（5 分钟以内），记下对方的一个提问。\n打卡时写：你讲了什么、对方问了什么、你是怎么回答的。", "difficulty": 4, "graded": false}, {"title": "读 40 页，整理金句卡片", "body": "读 40 页，整理 5 张金句卡片：每张一句原文 + 一句你的批注。\n打卡时发出卡片（图片或文字），选一张分享给一位朋友。", "difficulty": 4, "graded": false}, {"title": "读 50 页，写 500 字读后感", "body": "读 50 页，写一篇 500 字读后感：这本书改变了你的哪个看法？\n打卡时贴出全文，优秀读后感会在结营仪式上分享。", "difficulty": 5, "graded": false}, {"title": "读 50 页，制定行动清单", "body": "读 50 页，把全书中你想实践的做法整理成一份行动清单（至少 3 条，每条写清时间和第一步）。\n打卡时发出清单。", "difficulty": 5, "graded": false}, {"title": "读完全书，画一张全书地图", "body": "读完剩下的部分，把全书画成一张地图：核心观点在中心，各章如何支撑它。\n打卡时发图，并用三句话向没读过的人介绍这本书。", "difficulty": 5, "graded": false}, {"title": "回顾 20 天，写给未来的自己", "body": "翻看这 20 天的打卡记录，写一封 300 字的信给三个月后的自己：读了什么、收获了什么、接下来想读什么。\n打卡时贴出信的全文。感谢这 20 天的坚持！", "difficulty": 5, "graded": false}], "days": []}, "scoring": {"base": 10, "by_difficulty": true, "late_factor": 0.5, "makeup_factor": 0.5, "makeup_limit": 2, "streak_bonus": 2, "streak_cap": 10, "pair_bonus": 0, "graded_points": 0}, "ceremonies": {"opening": {"day": 1, "at": "07:00"}, "closing": {"day": "last", "at": "21:30"}}, "reminders": {"before_due": ["2h"], "task_post": "06:00", "summary": "08:00"}, "members": {"inactive_after": 2, "remove_after": 20, "inactive_by": "checkins"}, "channels": [{"type": "stdout"}]}','2026-03-01T02:00:00.000000Z','2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "camps" VALUES(6,'announced','Announced',NULL,'Asia/Shanghai','2026-03-02',7,'active','{"camp": {"name": "Announced", "description": "", "timezone": "Asia/Shanghai", "language": "en", "days": 7, "rest": [], "keywords": ["#checkin"], "group": "pair", "checkin_mode": "any"}, "windows": [{"name": "night", "open": "20:00", "due": "23:30", "late_until": "00:30"}], "tasks": {"ramp": "fixed", "difficulty": 1, "pool": [{"title": "Write one slogan", "body": "Ten words at most.", "difficulty": 1, "graded": false}], "days": []}, "scoring": {"base": 10, "by_difficulty": true, "late_factor": 0.5, "makeup_factor": 0.5, "makeup_limit": 1, "streak_bonus": 2, "streak_cap": 10, "pair_bonus": 5, "graded_points": 0}, "ceremonies": {"opening": {"day": 1, "at": "19:30"}, "closing": {"day": "last", "at": "23:45"}}, "reminders": {"before_due": ["30m"], "task_post": "08:00", "summary": "09:00"}, "members": {"inactive_after": 2, "remove_after": 3, "inactive_by": "checkins"}, "channels": [{"type": "folder", "path": "/srv/camp/announcements"}]}','2026-03-01T02:00:00.000000Z','2026-03-01T02:00:00.000000Z','a91e503d1757ce8a0f73668536519822aa0ca368c4203b45fac16841bbd39f2c');
INSERT INTO "camps" VALUES(7,'demo','Copywriting CP week (demo)','copywriting-cp','Asia/Shanghai','2026-03-01',7,'active','{"camp": {"name": "Copywriting CP week (demo)", "description": "7-night copywriting challenge in pairs: a creative task every night from 20:00, harder each day, and an MVP pair at the end.", "timezone": "Asia/Shanghai", "language": "zh", "days": 7, "rest": [], "keywords": ["#打卡", "#checkin"], "group": "pair", "checkin_mode": "any", "pair_by_day": 2}, "windows": [{"name": "night", "open": "20:00", "due": "23:30", "late_until": "00:30"}], "tasks": {"ramp": "linear", "difficulty": [1, 5], "pool": [{"title": "十字以内重写一句口号", "body": "任选一个你常用的品牌，把它现在的广告口号改写成 10 个字以内的新口号。\n要求：一读就懂、能念出口、不出现品牌名也能让人猜到是谁。\n打卡格式：#打卡 原口号 → 新口号，再和你的 CP 互评一句。", "difficulty": 1, "graded": false}, {"title": "给身边的一件小物写三个卖点", "body": "拿起手边任意一件小物（水杯、台灯、笔……），写出三个卖点，每个不超过 15 个字。\n要求：一个讲功能、一个讲感受、一个讲场景。\n打卡时附上物品照片或名称，并给 CP 的卖点挑一个最打动你的。", "difficulty": 1, "graded": false}, {"title": "一件商品写五个标题", "body": "为同一件商品（可选：保温杯、降噪耳机、护手霜）写 5 个电商标题，每个 30 字以内。\n五个标题分别用：数字、提问、对比、痛点、场景 五种写法。\n打卡时标出你最满意的一个，并说明理由；CP 之间互相投票选出最佳。", "difficulty": 2, "graded": false}, {"title": "把说明书改写成朋友圈文案", "body": "找一段产品说明书或参数表（不少于 100 字），改写成一条 80 字以内的朋友圈文案。\n要求：去掉术语，用第一人称讲一个使用瞬间，结尾留一个互动问题。\n打卡时贴出原文截图要点和改写稿。", "difficulty": 2, "graded": false}, {"title": "同一句话，写给三种人", "body": "把“周末书店满 100 减 30”分别写给：大学生、上班族、带娃的家长，每条 40 字以内。\n要求：每条都要找到这类人最在意的一点。\n打卡时三条一起发，CP 负责猜每条写给谁。", "difficulty": 2, "graded": false}, {"title": "给一家小店写开业海报文案", "body": "为一家虚构的社区小店（面包店、花店或修车铺任选）写一张开业海报：主标题、副标题、三条正文、行动号召。\n要求：主标题 12 字以内，正文里要有具体的数字或细节，行动号召要写清时间地点。\n打卡时贴全文；和 CP 交换修改一轮，把修改前后都发出来。", "difficulty": 3, "graded": false}, {"title": "写一条 150 字的产品故事", "body": "为一件普通商品写一个 150 字左右的小故事：有人物、有冲突、有转折，产品自然出现一次。\n要求：不写“品质”“匠心”“高端”这类空词。\n打卡时附一句话说明你想让读者记住什么。", "difficulty": 3, "graded": false}, {"title": "短视频脚本：15 秒讲清一个卖点", "body": "为一款产品写一个 15 秒短视频脚本：分镜（画面）、台词、字幕三列，不超过 5 个镜头。\n要求：前 3 秒必须有钩子，结尾必须有明确的行动号召。\n打卡时用表格格式发出，并请 CP 按“钩子、清晰、记忆点”各打 1–5 分。", "difficulty": 4, "graded": false}, {"title": "同一产品的 A/B 两版广告", "body": "为同一产品写两版信息流广告（标题 + 正文 60 字）：A 版讲理性利益，B 版讲情绪价值。\n写出你预测哪版点击率更高，以及你会用什么数据验证。\n打卡时两版并列；CP 给出相反的预测并说出理由。", "difficulty": 4, "graded": false}, {"title": "把差评改写成品牌回应", "body": "找一条真实的电商差评（隐去名字），以品牌身份写一条 120 字以内的公开回复。\n要求：先共情、再说明、后补救，不推卸、不模板化，读完让围观的人更愿意买。\n打卡时贴出差评要点和回复。", "difficulty": 4, "graded": false}, {"title": "一页完整的品牌活动方案", "body": "为一个虚构品牌的节日活动写一页方案：活动主题、核心口号、三条渠道文案（海报、朋友圈、短视频开头一句）和一段 100 字的活动说明。\n要求：所有文案围绕同一个核心创意，风格统一。\n和你的 CP 合作完成，各自负责一半，打卡时注明分工。", "difficulty": 5, "graded": false}, {"title": "长文案：一封 500 字的品牌信", "body": "以品牌创始人的口吻写一封 500 字左右的信，给老用户讲一次产品升级的来龙去脉。\n要求：有一个真诚的细节、一个坦白的不足、一个具体的承诺。\n打卡时贴全文，并和 CP 互相划出对方最好的一句。", "difficulty": 5, "graded": false}], "days": []}, "scoring": {"base": 10, "by_difficulty": true, "late_factor": 0.5, "makeup_factor": 0.5, "makeup_limit": 1, "streak_bonus": 2, "streak_cap": 10, "pair_bonus": 5, "graded_points": 0}, "ceremonies": {"opening": {"day": 1, "at": "19:30"}, "closing": {"day": "last", "at": "23:45"}}, "reminders": {"before_due": ["30m"], "task_post": "08:00", "summary": "09:00"}, "members": {"inactive_after": 2, "remove_after": 3, "inactive_by": "checkins"}, "channels": [{"type": "stdout"}]}','2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z','e38665d0218e5e032b5a3ee286497ef0cbd0429bd8166cc10f6c41999060d88d');
CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            day INTEGER,
            window_name TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('on_time', 'late', 'outside', 'duplicate', 'makeup')),
            points INTEGER NOT NULL DEFAULT 0,
            score REAL,
            text TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'manual',
            fingerprint TEXT,
            created TEXT NOT NULL
        );
INSERT INTO "checkins" VALUES(1,5,17,'2024-03-01T00:00:00.000000Z',1,'reading','on_time',10,NULL,'#打卡 第一天 📚','import:csv','0065e11a8041db7f54b639135c8f90','2026-03-01T02:00:00.000000Z');
INSERT INTO "checkins" VALUES(2,5,18,'2024-03-01T13:05:09.000000Z',1,'reading','on_time',10,NULL,'#checkin day 1
read 30 pages, "Dune"','import:csv','0065e1d285f43c2eb0e272b9d514ba','2026-03-01T02:00:00.000000Z');
INSERT INTO "checkins" VALUES(3,5,17,'2024-03-01T23:59:59.000000Z',2,'reading','on_time',10,NULL,'#打卡 第二天','import:csv','0065e26bff6407476dbb5bf168b4a5','2026-03-01T02:00:00.000000Z');
INSERT INTO "checkins" VALUES(4,5,19,'2024-03-02T00:10:00.000000Z',2,'reading','on_time',10,NULL,'#checkin','import:csv','0065e26e5869211efe8bc2e4c5de59','2026-03-01T02:00:00.000000Z');
INSERT INTO "checkins" VALUES(5,5,20,'2024-03-02T22:30:00.000000Z',3,'reading','on_time',10,NULL,'#打卡 改了名字','import:csv','0065e3a868307ff0a8a81664196b5f','2026-03-01T02:00:00.000000Z');
INSERT INTO "checkins" VALUES(6,7,23,'2026-03-01T12:25:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(7,7,24,'2026-03-01T14:55:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(8,7,25,'2026-03-01T13:20:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(9,7,26,'2026-03-01T13:04:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(10,7,27,'2026-03-01T13:31:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(11,7,28,'2026-03-01T15:10:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(12,7,29,'2026-03-01T12:19:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(13,7,30,'2026-03-01T12:22:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(14,7,31,'2026-03-01T13:14:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(15,7,32,'2026-03-01T15:44:00.000000Z',1,'night','late',5,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(16,7,33,'2026-03-01T15:00:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(17,7,34,'2026-03-01T13:19:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(18,7,36,'2026-03-01T13:33:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(19,7,37,'2026-03-01T15:40:00.000000Z',1,'night','late',5,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(20,7,38,'2026-03-01T14:29:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(21,7,39,'2026-03-01T12:29:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(22,7,40,'2026-03-01T15:12:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(23,7,41,'2026-03-01T14:05:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(24,7,42,'2026-03-01T14:14:00.000000Z',1,'night','on_time',10,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(25,7,23,'2026-03-02T12:06:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(26,7,24,'2026-03-02T15:16:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(27,7,25,'2026-03-02T12:12:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(28,7,26,'2026-03-02T14:13:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(29,7,27,'2026-03-02T12:26:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(30,7,28,'2026-03-02T13:49:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(31,7,29,'2026-03-02T14:03:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(32,7,30,'2026-03-02T12:31:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(33,7,31,'2026-03-02T13:56:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(34,7,32,'2026-03-02T15:02:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(35,7,33,'2026-03-02T14:19:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(36,7,34,'2026-03-02T13:42:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(37,7,35,'2026-03-02T13:18:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(38,7,36,'2026-03-02T14:45:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(39,7,37,'2026-03-02T14:02:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(40,7,38,'2026-03-02T13:42:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(41,7,39,'2026-03-02T13:15:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(42,7,40,'2026-03-02T12:02:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(43,7,42,'2026-03-02T14:32:00.000000Z',2,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(44,7,23,'2026-03-03T12:51:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(45,7,24,'2026-03-03T14:04:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(46,7,26,'2026-03-03T14:07:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(47,7,27,'2026-03-03T14:22:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(48,7,28,'2026-03-03T12:08:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(49,7,29,'2026-03-03T13:21:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(50,7,31,'2026-03-03T13:52:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(51,7,32,'2026-03-03T15:20:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(52,7,33,'2026-03-03T13:06:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(53,7,35,'2026-03-03T13:48:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(54,7,36,'2026-03-03T14:02:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(55,7,37,'2026-03-03T14:46:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(56,7,38,'2026-03-03T14:07:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(57,7,39,'2026-03-03T12:49:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(58,7,40,'2026-03-03T13:45:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(59,7,41,'2026-03-03T12:03:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(60,7,42,'2026-03-03T13:55:00.000000Z',3,'night','on_time',20,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(61,7,23,'2026-03-04T12:50:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(62,7,24,'2026-03-04T14:38:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(63,7,27,'2026-03-04T15:13:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(64,7,28,'2026-03-04T12:39:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(65,7,32,'2026-03-04T14:05:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(66,7,34,'2026-03-04T14:19:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(67,7,35,'2026-03-04T16:12:00.000000Z',4,'night','late',15,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(68,7,37,'2026-03-04T14:57:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(69,7,38,'2026-03-04T12:21:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(70,7,39,'2026-03-04T12:40:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(71,7,40,'2026-03-04T15:20:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(72,7,41,'2026-03-04T14:30:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(73,7,42,'2026-03-04T13:45:00.000000Z',4,'night','on_time',30,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(74,7,24,'2026-03-05T12:27:00.000000Z',5,'night','on_time',40,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(75,7,29,'2026-03-05T12:06:00.000000Z',5,'night','on_time',40,NULL,'#打卡 done','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(76,7,35,'2026-03-05T12:30:00.000000Z',1,NULL,'makeup',5,NULL,'补卡: was travelling','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(77,1,1,'2026-03-02T12:15:00.000000Z',1,'night','on_time',10,NULL,'#打卡 day 1','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(78,1,1,'2026-03-03T12:10:00.000000Z',2,'night','on_time',20,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(79,1,1,'2026-03-04T13:00:00.000000Z',3,'night','on_time',20,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(80,1,1,'2026-03-05T12:20:00.000000Z',4,'night','on_time',30,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(81,1,2,'2026-03-02T15:50:00.000000Z',1,'night','late',5,NULL,'late','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(82,1,2,'2026-03-03T14:00:00.000000Z',2,'night','on_time',20,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(83,1,2,'2026-03-04T14:00:00.000000Z',3,'night','on_time',20,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(84,1,3,'2026-03-02T12:30:00.000000Z',1,'night','on_time',10,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(85,1,3,'2026-03-05T12:30:00.000000Z',2,NULL,'makeup',10,NULL,'补卡','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(86,1,3,'2026-03-04T12:30:00.000000Z',3,'night','on_time',20,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(87,1,4,'2026-03-02T12:40:00.000000Z',1,'night','on_time',10,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(88,1,4,'2026-03-02T13:40:00.000000Z',1,'night','duplicate',0,NULL,'again','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(89,1,4,'2026-03-04T07:00:00.000000Z',3,NULL,'outside',0,NULL,'outside','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(90,1,5,'2026-03-02T12:05:00.000000Z',1,'night','on_time',10,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(92,1,8,'2026-03-03T12:06:00.000000Z',2,'night','on_time',20,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(93,2,9,'2026-03-02T12:10:00.000000Z',1,'drill','on_time',10,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(94,2,10,'2026-03-02T13:20:00.000000Z',1,'drill','late',5,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(95,2,9,'2026-03-03T12:10:00.000000Z',2,'drill','on_time',10,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(96,3,12,'2026-03-02T11:55:00.000000Z',1,'early','on_time',10,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(97,3,13,'2026-03-02T14:05:00.000000Z',1,'late','late',5,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(98,4,14,'2026-03-02T01:30:00.000000Z',1,'signin','on_time',10,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(99,4,16,'2026-03-03T05:00:00.000000Z',2,'signin','late',5,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(100,6,21,'2026-03-02T12:01:00.000000Z',1,'night','on_time',10,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "checkins" VALUES(101,6,22,'2026-03-03T12:02:00.000000Z',2,'night','on_time',10,NULL,'','manual',NULL,'2026-03-05T12:30:00.000000Z');
CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
            channel_index INTEGER NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_attempt TEXT,
            sent TEXT,
            UNIQUE (outbox_id, channel_index)
        );
INSERT INTO "deliveries" VALUES(1,1,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(2,2,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(3,3,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(4,4,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(5,5,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(6,6,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(7,7,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(8,8,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(9,9,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(10,10,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(11,11,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(12,12,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(13,13,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(14,14,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(15,15,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(16,16,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(17,17,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(18,18,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(19,19,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(20,20,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(21,21,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(22,22,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(23,23,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(24,24,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(25,25,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(26,26,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(27,27,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(28,28,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(29,29,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(30,30,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(31,31,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(32,32,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(33,33,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(34,34,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(35,35,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(36,36,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(37,37,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(38,38,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(39,39,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(40,40,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(41,41,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(42,42,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(43,43,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(44,44,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(45,45,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(46,46,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(47,47,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(48,48,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(49,49,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(50,50,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(51,51,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(52,52,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(53,53,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(54,54,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(55,55,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(56,56,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(57,57,0,'folder:/srv/camp/announcements','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(58,58,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(59,59,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(60,60,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(61,61,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(62,62,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(63,63,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(64,64,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(65,65,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(66,66,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(67,67,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(68,68,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "deliveries" VALUES(69,69,0,'stdout','sent',1,NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z');
CREATE TABLE events (
            key TEXT PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN
                ('opening', 'task', 'reminder', 'close', 'summary', 'inactivity', 'closing')),
            day INTEGER,
            window_name TEXT,
            due TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'done', 'missed', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            finished TEXT
        );
INSERT INTO "events" VALUES('cp/task/d1',1,'task',1,NULL,'2026-03-02T00:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/opening',1,'opening',1,NULL,'2026-03-02T11:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/reminder/d1/night/30m',1,'reminder',1,'night','2026-03-02T15:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/close/d1/night',1,'close',1,'night','2026-03-02T16:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/inactivity/d1',1,'inactivity',1,NULL,'2026-03-02T16:31:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/task/d2',1,'task',2,NULL,'2026-03-03T00:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/summary/d1',1,'summary',1,NULL,'2026-03-03T01:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/reminder/d2/night/30m',1,'reminder',2,'night','2026-03-03T15:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/close/d2/night',1,'close',2,'night','2026-03-03T16:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/inactivity/d2',1,'inactivity',2,NULL,'2026-03-03T16:31:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/task/d3',1,'task',3,NULL,'2026-03-04T00:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/summary/d2',1,'summary',2,NULL,'2026-03-04T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/reminder/d3/night/30m',1,'reminder',3,'night','2026-03-04T15:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/close/d3/night',1,'close',3,'night','2026-03-04T16:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/inactivity/d3',1,'inactivity',3,NULL,'2026-03-04T16:31:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/task/d4',1,'task',4,NULL,'2026-03-05T00:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/summary/d3',1,'summary',3,NULL,'2026-03-05T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('cp/reminder/d4/night/30m',1,'reminder',4,'night','2026-03-05T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/close/d4/night',1,'close',4,'night','2026-03-05T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/inactivity/d4',1,'inactivity',4,NULL,'2026-03-05T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/task/d5',1,'task',5,NULL,'2026-03-06T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/summary/d4',1,'summary',4,NULL,'2026-03-06T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/reminder/d5/night/30m',1,'reminder',5,'night','2026-03-06T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/close/d5/night',1,'close',5,'night','2026-03-06T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/inactivity/d5',1,'inactivity',5,NULL,'2026-03-06T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/task/d6',1,'task',6,NULL,'2026-03-07T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/summary/d5',1,'summary',5,NULL,'2026-03-07T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/reminder/d6/night/30m',1,'reminder',6,'night','2026-03-07T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/close/d6/night',1,'close',6,'night','2026-03-07T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/inactivity/d6',1,'inactivity',6,NULL,'2026-03-07T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/task/d7',1,'task',7,NULL,'2026-03-08T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/summary/d6',1,'summary',6,NULL,'2026-03-08T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/reminder/d7/night/30m',1,'reminder',7,'night','2026-03-08T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/close/d7/night',1,'close',7,'night','2026-03-08T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/inactivity/d7',1,'inactivity',7,NULL,'2026-03-08T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('cp/closing',1,'closing',7,NULL,'2026-03-08T16:35:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d1',2,'task',1,NULL,'2026-03-02T04:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/opening',2,'opening',1,NULL,'2026-03-02T11:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/reminder/d1/drill/30m',2,'reminder',1,'drill','2026-03-02T12:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/close/d1/drill',2,'close',1,'drill','2026-03-02T13:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/inactivity/d1',2,'inactivity',1,NULL,'2026-03-02T13:31:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/summary/d1',2,'summary',1,NULL,'2026-03-03T01:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/task/d2',2,'task',2,NULL,'2026-03-03T04:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/reminder/d2/drill/30m',2,'reminder',2,'drill','2026-03-03T12:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/close/d2/drill',2,'close',2,'drill','2026-03-03T13:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/inactivity/d2',2,'inactivity',2,NULL,'2026-03-03T13:31:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/summary/d2',2,'summary',2,NULL,'2026-03-04T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/task/d3',2,'task',3,NULL,'2026-03-04T04:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/reminder/d3/drill/30m',2,'reminder',3,'drill','2026-03-04T12:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/close/d3/drill',2,'close',3,'drill','2026-03-04T13:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/inactivity/d3',2,'inactivity',3,NULL,'2026-03-04T13:31:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/summary/d3',2,'summary',3,NULL,'2026-03-05T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/task/d4',2,'task',4,NULL,'2026-03-05T04:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/reminder/d4/drill/30m',2,'reminder',4,'drill','2026-03-05T12:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('sprint/close/d4/drill',2,'close',4,'drill','2026-03-05T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d4',2,'inactivity',4,NULL,'2026-03-05T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d4',2,'summary',4,NULL,'2026-03-06T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d5',2,'task',5,NULL,'2026-03-06T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d5/drill/30m',2,'reminder',5,'drill','2026-03-06T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d5/drill',2,'close',5,'drill','2026-03-06T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d5',2,'inactivity',5,NULL,'2026-03-06T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d5',2,'summary',5,NULL,'2026-03-07T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d6',2,'task',6,NULL,'2026-03-07T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d6/drill/30m',2,'reminder',6,'drill','2026-03-07T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d6/drill',2,'close',6,'drill','2026-03-07T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d6',2,'inactivity',6,NULL,'2026-03-07T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d6',2,'summary',6,NULL,'2026-03-08T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d7',2,'task',7,NULL,'2026-03-08T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d7/drill/30m',2,'reminder',7,'drill','2026-03-08T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d7/drill',2,'close',7,'drill','2026-03-08T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d7',2,'inactivity',7,NULL,'2026-03-08T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d7',2,'summary',7,NULL,'2026-03-09T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d8',2,'task',8,NULL,'2026-03-09T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d8/drill/30m',2,'reminder',8,'drill','2026-03-09T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d8/drill',2,'close',8,'drill','2026-03-09T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d8',2,'inactivity',8,NULL,'2026-03-09T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d8',2,'summary',8,NULL,'2026-03-10T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d9',2,'task',9,NULL,'2026-03-10T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d9/drill/30m',2,'reminder',9,'drill','2026-03-10T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d9/drill',2,'close',9,'drill','2026-03-10T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d9',2,'inactivity',9,NULL,'2026-03-10T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d9',2,'summary',9,NULL,'2026-03-11T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d10',2,'task',10,NULL,'2026-03-11T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d10/drill/30m',2,'reminder',10,'drill','2026-03-11T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d10/drill',2,'close',10,'drill','2026-03-11T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d10',2,'inactivity',10,NULL,'2026-03-11T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d10',2,'summary',10,NULL,'2026-03-12T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d11',2,'task',11,NULL,'2026-03-12T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d11/drill/30m',2,'reminder',11,'drill','2026-03-12T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d11/drill',2,'close',11,'drill','2026-03-12T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d11',2,'inactivity',11,NULL,'2026-03-12T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d11',2,'summary',11,NULL,'2026-03-13T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d12',2,'task',12,NULL,'2026-03-13T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d12/drill/30m',2,'reminder',12,'drill','2026-03-13T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d12/drill',2,'close',12,'drill','2026-03-13T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d12',2,'inactivity',12,NULL,'2026-03-13T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d12',2,'summary',12,NULL,'2026-03-14T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d13',2,'task',13,NULL,'2026-03-14T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d13/drill/30m',2,'reminder',13,'drill','2026-03-14T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d13/drill',2,'close',13,'drill','2026-03-14T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d13',2,'inactivity',13,NULL,'2026-03-14T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d13',2,'summary',13,NULL,'2026-03-15T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d14',2,'task',14,NULL,'2026-03-15T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d14/drill/30m',2,'reminder',14,'drill','2026-03-15T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d14/drill',2,'close',14,'drill','2026-03-15T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d14',2,'inactivity',14,NULL,'2026-03-15T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d14',2,'summary',14,NULL,'2026-03-16T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d15',2,'task',15,NULL,'2026-03-16T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d15/drill/30m',2,'reminder',15,'drill','2026-03-16T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d15/drill',2,'close',15,'drill','2026-03-16T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d15',2,'inactivity',15,NULL,'2026-03-16T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d15',2,'summary',15,NULL,'2026-03-17T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d16',2,'task',16,NULL,'2026-03-17T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d16/drill/30m',2,'reminder',16,'drill','2026-03-17T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d16/drill',2,'close',16,'drill','2026-03-17T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d16',2,'inactivity',16,NULL,'2026-03-17T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d16',2,'summary',16,NULL,'2026-03-18T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d17',2,'task',17,NULL,'2026-03-18T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d17/drill/30m',2,'reminder',17,'drill','2026-03-18T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d17/drill',2,'close',17,'drill','2026-03-18T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d17',2,'inactivity',17,NULL,'2026-03-18T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d17',2,'summary',17,NULL,'2026-03-19T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d18',2,'task',18,NULL,'2026-03-19T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d18/drill/30m',2,'reminder',18,'drill','2026-03-19T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d18/drill',2,'close',18,'drill','2026-03-19T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d18',2,'inactivity',18,NULL,'2026-03-19T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d18',2,'summary',18,NULL,'2026-03-20T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d19',2,'task',19,NULL,'2026-03-20T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d19/drill/30m',2,'reminder',19,'drill','2026-03-20T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d19/drill',2,'close',19,'drill','2026-03-20T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d19',2,'inactivity',19,NULL,'2026-03-20T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d19',2,'summary',19,NULL,'2026-03-21T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d20',2,'task',20,NULL,'2026-03-21T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d20/drill/30m',2,'reminder',20,'drill','2026-03-21T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d20/drill',2,'close',20,'drill','2026-03-21T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d20',2,'inactivity',20,NULL,'2026-03-21T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d20',2,'summary',20,NULL,'2026-03-22T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d21',2,'task',21,NULL,'2026-03-22T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d21/drill/30m',2,'reminder',21,'drill','2026-03-22T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d21/drill',2,'close',21,'drill','2026-03-22T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d21',2,'inactivity',21,NULL,'2026-03-22T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d21',2,'summary',21,NULL,'2026-03-23T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d22',2,'task',22,NULL,'2026-03-23T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d22/drill/30m',2,'reminder',22,'drill','2026-03-23T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d22/drill',2,'close',22,'drill','2026-03-23T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d22',2,'inactivity',22,NULL,'2026-03-23T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d22',2,'summary',22,NULL,'2026-03-24T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d23',2,'task',23,NULL,'2026-03-24T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d23/drill/30m',2,'reminder',23,'drill','2026-03-24T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d23/drill',2,'close',23,'drill','2026-03-24T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d23',2,'inactivity',23,NULL,'2026-03-24T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d23',2,'summary',23,NULL,'2026-03-25T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d24',2,'task',24,NULL,'2026-03-25T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d24/drill/30m',2,'reminder',24,'drill','2026-03-25T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d24/drill',2,'close',24,'drill','2026-03-25T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d24',2,'inactivity',24,NULL,'2026-03-25T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d24',2,'summary',24,NULL,'2026-03-26T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d25',2,'task',25,NULL,'2026-03-26T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d25/drill/30m',2,'reminder',25,'drill','2026-03-26T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d25/drill',2,'close',25,'drill','2026-03-26T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d25',2,'inactivity',25,NULL,'2026-03-26T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d25',2,'summary',25,NULL,'2026-03-27T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d26',2,'task',26,NULL,'2026-03-27T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d26/drill/30m',2,'reminder',26,'drill','2026-03-27T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d26/drill',2,'close',26,'drill','2026-03-27T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d26',2,'inactivity',26,NULL,'2026-03-27T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d26',2,'summary',26,NULL,'2026-03-28T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d27',2,'task',27,NULL,'2026-03-28T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d27/drill/30m',2,'reminder',27,'drill','2026-03-28T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d27/drill',2,'close',27,'drill','2026-03-28T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d27',2,'inactivity',27,NULL,'2026-03-28T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d27',2,'summary',27,NULL,'2026-03-29T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d28',2,'task',28,NULL,'2026-03-29T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d28/drill/30m',2,'reminder',28,'drill','2026-03-29T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d28/drill',2,'close',28,'drill','2026-03-29T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d28',2,'inactivity',28,NULL,'2026-03-29T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d28',2,'summary',28,NULL,'2026-03-30T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d29',2,'task',29,NULL,'2026-03-30T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d29/drill/30m',2,'reminder',29,'drill','2026-03-30T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d29/drill',2,'close',29,'drill','2026-03-30T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d29',2,'inactivity',29,NULL,'2026-03-30T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/summary/d29',2,'summary',29,NULL,'2026-03-31T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/task/d30',2,'task',30,NULL,'2026-03-31T04:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/reminder/d30/drill/30m',2,'reminder',30,'drill','2026-03-31T12:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/close/d30/drill',2,'close',30,'drill','2026-03-31T13:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/inactivity/d30',2,'inactivity',30,NULL,'2026-03-31T13:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('sprint/closing',2,'closing',30,NULL,'2026-03-31T13:45:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/task/d1',3,'task',1,NULL,'2026-03-02T10:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/opening',3,'opening',1,NULL,'2026-03-02T11:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d1/early/10m',3,'reminder',1,'early','2026-03-02T11:50:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d1/early',3,'close',1,'early','2026-03-02T12:10:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d1/middle/10m',3,'reminder',1,'middle','2026-03-02T12:50:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d1/middle',3,'close',1,'middle','2026-03-02T13:10:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d1/late/10m',3,'reminder',1,'late','2026-03-02T13:50:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d1/late',3,'close',1,'late','2026-03-02T14:10:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/inactivity/d1',3,'inactivity',1,NULL,'2026-03-02T14:11:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/summary/d1',3,'summary',1,NULL,'2026-03-03T01:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/task/d2',3,'task',2,NULL,'2026-03-03T10:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d2/early/10m',3,'reminder',2,'early','2026-03-03T11:50:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d2/early',3,'close',2,'early','2026-03-03T12:10:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d2/middle/10m',3,'reminder',2,'middle','2026-03-03T12:50:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d2/middle',3,'close',2,'middle','2026-03-03T13:10:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d2/late/10m',3,'reminder',2,'late','2026-03-03T13:50:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d2/late',3,'close',2,'late','2026-03-03T14:10:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/inactivity/d2',3,'inactivity',2,NULL,'2026-03-03T14:11:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/summary/d2',3,'summary',2,NULL,'2026-03-04T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/task/d3',3,'task',3,NULL,'2026-03-04T10:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d3/early/10m',3,'reminder',3,'early','2026-03-04T11:50:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d3/early',3,'close',3,'early','2026-03-04T12:10:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d3/middle/10m',3,'reminder',3,'middle','2026-03-04T12:50:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d3/middle',3,'close',3,'middle','2026-03-04T13:10:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d3/late/10m',3,'reminder',3,'late','2026-03-04T13:50:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d3/late',3,'close',3,'late','2026-03-04T14:10:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/inactivity/d3',3,'inactivity',3,NULL,'2026-03-04T14:11:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/summary/d3',3,'summary',3,NULL,'2026-03-05T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/task/d4',3,'task',4,NULL,'2026-03-05T10:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d4/early/10m',3,'reminder',4,'early','2026-03-05T11:50:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/close/d4/early',3,'close',4,'early','2026-03-05T12:10:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('buddies/reminder/d4/middle/10m',3,'reminder',4,'middle','2026-03-05T12:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d4/middle',3,'close',4,'middle','2026-03-05T13:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d4/late/10m',3,'reminder',4,'late','2026-03-05T13:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d4/late',3,'close',4,'late','2026-03-05T14:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/inactivity/d4',3,'inactivity',4,NULL,'2026-03-05T14:11:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/summary/d4',3,'summary',4,NULL,'2026-03-06T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/task/d5',3,'task',5,NULL,'2026-03-06T10:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d5/early/10m',3,'reminder',5,'early','2026-03-06T11:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d5/early',3,'close',5,'early','2026-03-06T12:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d5/middle/10m',3,'reminder',5,'middle','2026-03-06T12:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d5/middle',3,'close',5,'middle','2026-03-06T13:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d5/late/10m',3,'reminder',5,'late','2026-03-06T13:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d5/late',3,'close',5,'late','2026-03-06T14:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/inactivity/d5',3,'inactivity',5,NULL,'2026-03-06T14:11:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/summary/d5',3,'summary',5,NULL,'2026-03-07T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/task/d6',3,'task',6,NULL,'2026-03-07T10:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d6/early/10m',3,'reminder',6,'early','2026-03-07T11:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d6/early',3,'close',6,'early','2026-03-07T12:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d6/middle/10m',3,'reminder',6,'middle','2026-03-07T12:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d6/middle',3,'close',6,'middle','2026-03-07T13:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d6/late/10m',3,'reminder',6,'late','2026-03-07T13:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d6/late',3,'close',6,'late','2026-03-07T14:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/inactivity/d6',3,'inactivity',6,NULL,'2026-03-07T14:11:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/summary/d6',3,'summary',6,NULL,'2026-03-08T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/task/d7',3,'task',7,NULL,'2026-03-08T10:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d7/early/10m',3,'reminder',7,'early','2026-03-08T11:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d7/early',3,'close',7,'early','2026-03-08T12:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d7/middle/10m',3,'reminder',7,'middle','2026-03-08T12:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d7/middle',3,'close',7,'middle','2026-03-08T13:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/reminder/d7/late/10m',3,'reminder',7,'late','2026-03-08T13:50:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/close/d7/late',3,'close',7,'late','2026-03-08T14:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/inactivity/d7',3,'inactivity',7,NULL,'2026-03-08T14:11:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('buddies/closing',3,'closing',7,NULL,'2026-03-08T15:10:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/opening',4,'opening',1,NULL,'2026-03-02T00:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/task/d1',4,'task',1,NULL,'2026-03-02T00:45:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/reminder/d1/signin/60m',4,'reminder',1,'signin','2026-03-02T03:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/close/d1/signin',4,'close',1,'signin','2026-03-02T10:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/inactivity/d1',4,'inactivity',1,NULL,'2026-03-02T10:01:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/summary/d1',4,'summary',1,NULL,'2026-03-03T00:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/task/d2',4,'task',2,NULL,'2026-03-03T00:45:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/reminder/d2/signin/60m',4,'reminder',2,'signin','2026-03-03T03:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/close/d2/signin',4,'close',2,'signin','2026-03-03T10:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/inactivity/d2',4,'inactivity',2,NULL,'2026-03-03T10:01:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/summary/d2',4,'summary',2,NULL,'2026-03-04T00:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/task/d3',4,'task',3,NULL,'2026-03-04T00:45:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/reminder/d3/signin/60m',4,'reminder',3,'signin','2026-03-04T03:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/close/d3/signin',4,'close',3,'signin','2026-03-04T10:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/inactivity/d3',4,'inactivity',3,NULL,'2026-03-04T10:01:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/summary/d3',4,'summary',3,NULL,'2026-03-05T00:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/task/d4',4,'task',4,NULL,'2026-03-05T00:45:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/reminder/d4/signin/60m',4,'reminder',4,'signin','2026-03-05T03:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/close/d4/signin',4,'close',4,'signin','2026-03-05T10:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/inactivity/d4',4,'inactivity',4,NULL,'2026-03-05T10:01:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('ops/summary/d4',4,'summary',4,NULL,'2026-03-06T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/task/d5',4,'task',5,NULL,'2026-03-06T00:45:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/reminder/d5/signin/60m',4,'reminder',5,'signin','2026-03-06T03:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/close/d5/signin',4,'close',5,'signin','2026-03-06T10:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/inactivity/d5',4,'inactivity',5,NULL,'2026-03-06T10:01:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/summary/d5',4,'summary',5,NULL,'2026-03-09T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/task/d6',4,'task',6,NULL,'2026-03-09T00:45:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/reminder/d6/signin/60m',4,'reminder',6,'signin','2026-03-09T03:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/close/d6/signin',4,'close',6,'signin','2026-03-09T10:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/inactivity/d6',4,'inactivity',6,NULL,'2026-03-09T10:01:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/summary/d6',4,'summary',6,NULL,'2026-03-10T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/task/d7',4,'task',7,NULL,'2026-03-10T00:45:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/reminder/d7/signin/60m',4,'reminder',7,'signin','2026-03-10T03:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/close/d7/signin',4,'close',7,'signin','2026-03-10T10:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/inactivity/d7',4,'inactivity',7,NULL,'2026-03-10T10:01:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('ops/closing',4,'closing',7,NULL,'2026-03-10T10:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/task/d1',6,'task',1,NULL,'2026-03-02T00:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/opening',6,'opening',1,NULL,'2026-03-02T11:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/reminder/d1/night/30m',6,'reminder',1,'night','2026-03-02T15:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/close/d1/night',6,'close',1,'night','2026-03-02T16:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/inactivity/d1',6,'inactivity',1,NULL,'2026-03-02T16:31:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/task/d2',6,'task',2,NULL,'2026-03-03T00:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/summary/d1',6,'summary',1,NULL,'2026-03-03T01:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/reminder/d2/night/30m',6,'reminder',2,'night','2026-03-03T15:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/close/d2/night',6,'close',2,'night','2026-03-03T16:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/inactivity/d2',6,'inactivity',2,NULL,'2026-03-03T16:31:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/task/d3',6,'task',3,NULL,'2026-03-04T00:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/summary/d2',6,'summary',2,NULL,'2026-03-04T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/reminder/d3/night/30m',6,'reminder',3,'night','2026-03-04T15:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/close/d3/night',6,'close',3,'night','2026-03-04T16:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/inactivity/d3',6,'inactivity',3,NULL,'2026-03-04T16:31:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/task/d4',6,'task',4,NULL,'2026-03-05T00:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/summary/d3',6,'summary',3,NULL,'2026-03-05T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('announced/reminder/d4/night/30m',6,'reminder',4,'night','2026-03-05T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/close/d4/night',6,'close',4,'night','2026-03-05T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/inactivity/d4',6,'inactivity',4,NULL,'2026-03-05T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/task/d5',6,'task',5,NULL,'2026-03-06T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/summary/d4',6,'summary',4,NULL,'2026-03-06T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/reminder/d5/night/30m',6,'reminder',5,'night','2026-03-06T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/close/d5/night',6,'close',5,'night','2026-03-06T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/inactivity/d5',6,'inactivity',5,NULL,'2026-03-06T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/task/d6',6,'task',6,NULL,'2026-03-07T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/summary/d5',6,'summary',5,NULL,'2026-03-07T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/reminder/d6/night/30m',6,'reminder',6,'night','2026-03-07T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/close/d6/night',6,'close',6,'night','2026-03-07T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/inactivity/d6',6,'inactivity',6,NULL,'2026-03-07T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/task/d7',6,'task',7,NULL,'2026-03-08T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/summary/d6',6,'summary',6,NULL,'2026-03-08T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/reminder/d7/night/30m',6,'reminder',7,'night','2026-03-08T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/close/d7/night',6,'close',7,'night','2026-03-08T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/inactivity/d7',6,'inactivity',7,NULL,'2026-03-08T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('announced/closing',6,'closing',7,NULL,'2026-03-08T16:35:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/task/d1',7,'task',1,NULL,'2026-03-01T00:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/opening',7,'opening',1,NULL,'2026-03-01T11:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/reminder/d1/night/30m',7,'reminder',1,'night','2026-03-01T15:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/close/d1/night',7,'close',1,'night','2026-03-01T16:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/inactivity/d1',7,'inactivity',1,NULL,'2026-03-01T16:31:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/task/d2',7,'task',2,NULL,'2026-03-02T00:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/summary/d1',7,'summary',1,NULL,'2026-03-02T01:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/reminder/d2/night/30m',7,'reminder',2,'night','2026-03-02T15:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/close/d2/night',7,'close',2,'night','2026-03-02T16:30:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/inactivity/d2',7,'inactivity',2,NULL,'2026-03-02T16:31:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/task/d3',7,'task',3,NULL,'2026-03-03T00:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/summary/d2',7,'summary',2,NULL,'2026-03-03T01:00:00.000000Z','missed',0,'fell due while no scheduler was running (past the grace period)','2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/reminder/d3/night/30m',7,'reminder',3,'night','2026-03-03T15:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/close/d3/night',7,'close',3,'night','2026-03-03T16:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/inactivity/d3',7,'inactivity',3,NULL,'2026-03-03T16:31:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/task/d4',7,'task',4,NULL,'2026-03-04T00:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/summary/d3',7,'summary',3,NULL,'2026-03-04T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/reminder/d4/night/30m',7,'reminder',4,'night','2026-03-04T15:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/close/d4/night',7,'close',4,'night','2026-03-04T16:30:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/inactivity/d4',7,'inactivity',4,NULL,'2026-03-04T16:31:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/task/d5',7,'task',5,NULL,'2026-03-05T00:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/summary/d4',7,'summary',4,NULL,'2026-03-05T01:00:00.000000Z','done',1,NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "events" VALUES('demo/reminder/d5/night/30m',7,'reminder',5,'night','2026-03-05T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/close/d5/night',7,'close',5,'night','2026-03-05T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/inactivity/d5',7,'inactivity',5,NULL,'2026-03-05T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/task/d6',7,'task',6,NULL,'2026-03-06T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/summary/d5',7,'summary',5,NULL,'2026-03-06T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/reminder/d6/night/30m',7,'reminder',6,'night','2026-03-06T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/close/d6/night',7,'close',6,'night','2026-03-06T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/inactivity/d6',7,'inactivity',6,NULL,'2026-03-06T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/task/d7',7,'task',7,NULL,'2026-03-07T00:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/summary/d6',7,'summary',6,NULL,'2026-03-07T01:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/reminder/d7/night/30m',7,'reminder',7,'night','2026-03-07T15:00:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/close/d7/night',7,'close',7,'night','2026-03-07T16:30:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/inactivity/d7',7,'inactivity',7,NULL,'2026-03-07T16:31:00.000000Z','pending',0,NULL,NULL);
INSERT INTO "events" VALUES('demo/closing',7,'closing',7,NULL,'2026-03-07T16:35:00.000000Z','pending',0,NULL,NULL);
CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires TEXT NOT NULL
        );
CREATE TABLE member_totals (
            member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            points INTEGER NOT NULL DEFAULT 0,
            on_time INTEGER NOT NULL DEFAULT 0,
            late INTEGER NOT NULL DEFAULT 0,
            makeup INTEGER NOT NULL DEFAULT 0,
            days TEXT NOT NULL DEFAULT '0',
            last_day INTEGER,
            last_at TEXT NOT NULL DEFAULT '~',
            adjustments INTEGER NOT NULL DEFAULT 0,
            last_adjustment_day INTEGER,
            bonus INTEGER NOT NULL DEFAULT 0,
            total INTEGER NOT NULL DEFAULT 0,
            best_streak INTEGER NOT NULL DEFAULT 0
        );
INSERT INTO "member_totals" VALUES(1,1,80,4,0,0,'f',4,'2026-03-05T12:20:00.000000Z',5,2,12,97,4);
INSERT INTO "member_totals" VALUES(2,1,45,2,1,0,'7',3,'2026-03-04T14:00:00.000000Z',-2,4,6,49,3);
INSERT INTO "member_totals" VALUES(3,1,40,2,0,1,'7',3,'2026-03-05T12:30:00.000000Z',0,NULL,6,46,3);
INSERT INTO "member_totals" VALUES(4,1,10,1,0,0,'1',1,'2026-03-02T12:40:00.000000Z',0,NULL,0,10,1);
INSERT INTO "member_totals" VALUES(5,1,10,1,0,0,'1',1,'2026-03-02T12:05:00.000000Z',0,NULL,0,10,1);
INSERT INTO "member_totals" VALUES(6,1,0,0,0,0,'0',NULL,'~',0,NULL,0,0,0);
INSERT INTO "member_totals" VALUES(7,1,0,0,0,0,'0',NULL,'~',0,NULL,0,0,0);
INSERT INTO "member_totals" VALUES(8,1,20,1,0,0,'2',2,'2026-03-03T12:06:00.000000Z',0,NULL,0,20,1);
INSERT INTO "member_totals" VALUES(9,2,20,2,0,0,'3',2,'2026-03-03T12:10:00.000000Z',0,NULL,2,22,2);
INSERT INTO "member_totals" VALUES(10,2,5,0,1,0,'1',1,'2026-03-02T13:20:00.000000Z',0,NULL,0,5,1);
INSERT INTO "member_totals" VALUES(11,2,0,0,0,0,'0',NULL,'~',0,NULL,0,0,0);
INSERT INTO "member_totals" VALUES(12,3,10,1,0,0,'1',1,'2026-03-02T11:55:00.000000Z',0,NULL,0,10,1);
INSERT INTO "member_totals" VALUES(13,3,5,0,1,0,'1',1,'2026-03-02T14:05:00.000000Z',0,NULL,0,5,1);
INSERT INTO "member_totals" VALUES(14,4,10,1,0,0,'1',1,'2026-03-02T01:30:00.000000Z',0,NULL,0,10,1);
INSERT INTO "member_totals" VALUES(15,4,0,0,0,0,'0',NULL,'~',0,NULL,0,0,0);
INSERT INTO "member_totals" VALUES(16,4,5,0,1,0,'2',2,'2026-03-03T05:00:00.000000Z',0,NULL,0,5,1);
INSERT INTO "member_totals" VALUES(17,5,20,2,0,0,'3',2,'2024-03-01T23:59:59.000000Z',0,NULL,2,22,2);
INSERT INTO "member_totals" VALUES(18,5,10,1,0,0,'1',1,'2024-03-01T13:05:09.000000Z',0,NULL,0,10,1);
INSERT INTO "member_totals" VALUES(19,5,10,1,0,0,'2',2,'2024-03-02T00:10:00.000000Z',0,NULL,0,10,1);
INSERT INTO "member_totals" VALUES(20,5,10,1,0,0,'4',3,'2024-03-02T22:30:00.000000Z',0,NULL,0,10,1);
INSERT INTO "member_totals" VALUES(21,6,10,1,0,0,'1',1,'2026-03-02T12:01:00.000000Z',0,NULL,0,10,1);
INSERT INTO "member_totals" VALUES(22,6,10,1,0,0,'2',2,'2026-03-03T12:02:00.000000Z',0,NULL,0,10,1);
INSERT INTO "member_totals" VALUES(23,7,80,4,0,0,'f',4,'2026-03-04T12:50:00.000000Z',0,NULL,12,92,4);
INSERT INTO "member_totals" VALUES(24,7,120,5,0,0,'1f',5,'2026-03-05T12:27:00.000000Z',2,3,20,142,5);
INSERT INTO "member_totals" VALUES(25,7,30,2,0,0,'3',2,'2026-03-02T12:12:00.000000Z',0,NULL,2,32,2);
INSERT INTO "member_totals" VALUES(26,7,50,3,0,0,'7',3,'2026-03-03T14:07:00.000000Z',0,NULL,6,56,3);
INSERT INTO "member_totals" VALUES(27,7,80,4,0,0,'f',4,'2026-03-04T15:13:00.000000Z',3,4,12,95,4);
INSERT INTO "member_totals" VALUES(28,7,80,4,0,0,'f',4,'2026-03-04T12:39:00.000000Z',0,NULL,12,92,4);
INSERT INTO "member_totals" VALUES(29,7,90,4,0,0,'17',5,'2026-03-05T12:06:00.000000Z',0,NULL,6,96,3);
INSERT INTO "member_totals" VALUES(30,7,30,2,0,0,'3',2,'2026-03-02T12:31:00.000000Z',0,NULL,2,32,2);
INSERT INTO "member_totals" VALUES(31,7,50,3,0,0,'7',3,'2026-03-03T13:52:00.000000Z',0,NULL,6,56,3);
INSERT INTO "member_totals" VALUES(32,7,75,3,1,0,'f',4,'2026-03-04T14:05:00.000000Z',5,1,12,92,4);
INSERT INTO "member_totals" VALUES(33,7,50,3,0,0,'7',3,'2026-03-03T13:06:00.000000Z',0,NULL,6,56,3);
INSERT INTO "member_totals" VALUES(34,7,60,3,0,0,'b',4,'2026-03-04T14:19:00.000000Z',0,NULL,2,62,2);
INSERT INTO "member_totals" VALUES(35,7,60,2,1,1,'f',4,'2026-03-05T12:30:00.000000Z',0,NULL,12,72,4);
INSERT INTO "member_totals" VALUES(36,7,50,3,0,0,'7',3,'2026-03-03T14:02:00.000000Z',0,NULL,6,56,3);
INSERT INTO "member_totals" VALUES(37,7,75,3,1,0,'f',4,'2026-03-04T14:57:00.000000Z',8,4,12,95,4);
INSERT INTO "member_totals" VALUES(38,7,80,4,0,0,'f',4,'2026-03-04T12:21:00.000000Z',7,2,12,99,4);
INSERT INTO "member_totals" VALUES(39,7,80,4,0,0,'f',4,'2026-03-04T12:40:00.000000Z',8,4,12,100,4);
INSERT INTO "member_totals" VALUES(40,7,80,4,0,0,'f',4,'2026-03-04T15:20:00.000000Z',0,NULL,12,92,4);
INSERT INTO "member_totals" VALUES(41,7,60,3,0,0,'d',4,'2026-03-04T14:30:00.000000Z',5,3,2,67,2);
INSERT INTO "member_totals" VALUES(42,7,80,4,0,0,'f',4,'2026-03-04T13:45:00.000000Z',2,2,12,94,4);
CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            handle TEXT,
            shift TEXT,
            team TEXT,
            pair_id INTEGER REFERENCES pairs(id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'warned', 'removed')),
            converted INTEGER NOT NULL DEFAULT 0,
            joined TEXT NOT NULL,
            removed_at TEXT,
            UNIQUE (camp_id, name)
        );
INSERT INTO "members" VALUES(1,1,'Alice',NULL,NULL,NULL,1,'active',1,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(2,1,'Bob',NULL,NULL,NULL,1,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(3,1,'小明',NULL,NULL,NULL,2,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(4,1,'小红',NULL,NULL,NULL,2,'warned',1,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(5,1,'Dan',NULL,NULL,NULL,3,'warned',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(6,1,'Eve',NULL,NULL,NULL,3,'removed',0,'2026-03-01T02:00:00.000000Z','2026-03-05T12:30:00.000000Z');
INSERT INTO "members" VALUES(7,1,'Finn',NULL,NULL,NULL,4,'warned',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(8,1,'Gus','wxid_gus',NULL,NULL,4,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(9,2,'王芳',NULL,NULL,NULL,NULL,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(10,2,'李雷',NULL,NULL,NULL,NULL,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(11,2,'韩梅梅',NULL,NULL,NULL,NULL,'warned',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(12,3,'Ana',NULL,'early',NULL,5,'warned',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(13,3,'Ben',NULL,'late',NULL,5,'warned',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(14,4,'Kim',NULL,NULL,'north',NULL,'warned',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(15,4,'Lee',NULL,NULL,'north',NULL,'warned',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(16,4,'Max',NULL,NULL,'south',NULL,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(17,5,'小明',NULL,NULL,NULL,NULL,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(18,5,'Alice Smith',NULL,NULL,NULL,NULL,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(19,5,'Bob',NULL,NULL,NULL,NULL,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(20,5,'明明同学','m1',NULL,NULL,NULL,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(21,6,'Pat',NULL,NULL,NULL,6,'warned',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(22,6,'Quinn',NULL,NULL,NULL,6,'active',0,'2026-03-01T02:00:00.000000Z',NULL);
INSERT INTO "members" VALUES(23,7,'Alice',NULL,NULL,NULL,7,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(24,7,'Bob',NULL,NULL,NULL,7,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(25,7,'小明',NULL,NULL,NULL,8,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(26,7,'小红',NULL,NULL,NULL,8,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(27,7,'Chen Jing',NULL,NULL,NULL,9,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(28,7,'Daniel',NULL,NULL,NULL,9,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(29,7,'林晓',NULL,NULL,NULL,10,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(30,7,'王芳',NULL,NULL,NULL,10,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(31,7,'Emma',NULL,NULL,NULL,11,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(32,7,'Farid',NULL,NULL,NULL,11,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(33,7,'Grace',NULL,NULL,NULL,12,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(34,7,'张伟',NULL,NULL,NULL,12,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(35,7,'Hiro',NULL,NULL,NULL,13,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(36,7,'Isabel',NULL,NULL,NULL,13,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(37,7,'李娜',NULL,NULL,NULL,14,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(38,7,'Jonas',NULL,NULL,NULL,14,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(39,7,'Kavya',NULL,NULL,NULL,15,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(40,7,'刘洋',NULL,NULL,NULL,15,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(41,7,'Leo',NULL,NULL,NULL,16,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
INSERT INTO "members" VALUES(42,7,'Mei',NULL,NULL,NULL,16,'active',0,'2026-03-05T12:30:00.000000Z',NULL);
CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            at TEXT NOT NULL,
            day INTEGER,
            checkin INTEGER NOT NULL DEFAULT 0,
            UNIQUE (camp_id, fingerprint)
        );
INSERT INTO "messages" VALUES(1,5,17,'0065e11a8041db7f54b639135c8f90','2024-03-01T00:00:00.000000Z',1,1);
INSERT INTO "messages" VALUES(2,5,18,'0065e1d285f43c2eb0e272b9d514ba','2024-03-01T13:05:09.000000Z',1,1);
INSERT INTO "messages" VALUES(3,5,17,'0065e26bff6407476dbb5bf168b4a5','2024-03-01T23:59:59.000000Z',2,1);
INSERT INTO "messages" VALUES(4,5,19,'0065e26e5869211efe8bc2e4c5de59','2024-03-02T00:10:00.000000Z',2,1);
INSERT INTO "messages" VALUES(5,5,20,'0065e3a868307ff0a8a81664196b5f','2024-03-02T22:30:00.000000Z',3,1);
CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            event_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            day INTEGER,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            image BLOB,
            created TEXT NOT NULL
        );
INSERT INTO "outbox" VALUES(1,2,'sprint/reminder/d2/drill/30m','reminder',2,'会计冲刺 · 打卡提醒','⏰ **打卡提醒 · 第 2/30 天**

距离 **drill** 打卡截止（**21:00**）还有 30 分钟。
今日任务：会计基础：借贷记账法
已打卡：1/3

还没打卡的小伙伴：@李雷 @韩梅梅
记得在 21:00 前发送 **#打卡** 和你的作业（21:30 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(2,3,'buddies/reminder/d2/middle/10m','reminder',2,'Study buddies · 打卡提醒','⏰ **打卡提醒 · 第 2/7 天**

距离 **middle** 打卡截止（**21:00**）还有 10 分钟。
今日任务：错题重做一小时
已打卡：0/0

全员已打卡，大家太棒了！🎉',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(3,3,'buddies/close/d2/middle','close',2,'Study buddies · 第 2 天打卡结束','🔔 **第 2/7 天 · middle打卡已截止**

今天共有 0/0 位小伙伴完成打卡，辛苦啦！
今天全员打卡！🎉

明天第 3 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(4,2,'sprint/close/d2/drill','close',2,'会计冲刺 · 第 2 天打卡结束','🔔 **第 2/30 天 · drill打卡已截止**

今天共有 1/3 位小伙伴完成打卡，辛苦啦！

今日未打卡：李雷、韩梅梅
有特殊情况的话，可以找管理员补卡（每人限 2 次）。

明天第 3 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(5,2,'sprint/inactivity/d2','inactivity',2,'会计冲刺 · 活跃度检查','⚠️ **会计冲刺 · 活跃度提醒**

大家都很活跃，今天没有需要提醒的小伙伴！👏',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(6,3,'buddies/reminder/d2/late/10m','reminder',2,'Study buddies · 打卡提醒','⏰ **打卡提醒 · 第 2/7 天**

距离 **late** 打卡截止（**22:00**）还有 10 分钟。
今日任务：错题重做一小时
已打卡：0/1

还没打卡的小伙伴：@Ben
记得在 22:00 前发送 **#打卡** 和你的作业（22:10 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(7,3,'buddies/close/d2/late','close',2,'Study buddies · 第 2 天打卡结束','🔔 **第 2/7 天 · late打卡已截止**

今天共有 0/1 位小伙伴完成打卡，辛苦啦！

今日未打卡：Ben
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 3 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(8,3,'buddies/inactivity/d2','inactivity',2,'Study buddies · 活跃度检查','⚠️ **Study buddies · 活跃度提醒**

大家都很活跃，今天没有需要提醒的小伙伴！👏',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(9,6,'announced/reminder/d2/night/30m','reminder',2,'Announced · Reminder','⏰ **Check-in reminder · Day 2/7**

30 minutes left: the **night** window closes at **23:30**.
Today''s task: Write one slogan
Checked in so far: 1/2

Not checked in yet: @Pat
Post your work with **#checkin** before 23:30 (late check-ins count until 00:30, for fewer points).',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(10,1,'cp/reminder/d2/night/30m','reminder',2,'CP week · 打卡提醒','⏰ **打卡提醒 · 第 2/7 天**

距离 **night** 打卡截止（**23:30**）还有 30 分钟。
今日任务：一件商品写五个标题
已打卡：4/7

还没打卡的小伙伴：@小红 @Dan @Finn
记得在 23:30 前发送 **#打卡** 和你的作业（00:30 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(11,7,'demo/reminder/d3/night/30m','reminder',3,'Copywriting CP week (demo) · 打卡提醒','⏰ **打卡提醒 · 第 3/7 天**

距离 **night** 打卡截止（**23:30**）还有 30 分钟。
今日任务：把说明书改写成朋友圈文案
已打卡：17/20

还没打卡的小伙伴：@小明 @王芳 @张伟
记得在 23:30 前发送 **#打卡** 和你的作业（00:30 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(12,6,'announced/close/d2/night','close',2,'Announced · Day 2 closed','🔔 **Day 2/7 · The night window is closed**

1/2 checked in today. Thank you!

Missed today: Pat
Had a good reason? Ask an organiser for a make-up check-in (1 per person).

See you tomorrow for day 3!',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(13,1,'cp/close/d2/night','close',2,'CP week · 第 2 天打卡结束','🔔 **第 2/7 天 · night打卡已截止**

今天共有 4/7 位小伙伴完成打卡，辛苦啦！

今日未打卡：小红、Dan、Finn
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 3 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(14,7,'demo/close/d3/night','close',3,'Copywriting CP week (demo) · 第 3 天打卡结束','🔔 **第 3/7 天 · night打卡已截止**

今天共有 17/20 位小伙伴完成打卡，辛苦啦！

今日未打卡：小明、王芳、张伟
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 4 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(15,6,'announced/inactivity/d2','inactivity',2,'Announced · Inactivity check','⚠️ **Announced · Attendance check**

Everyone is active. No warnings today! 👏',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(16,1,'cp/inactivity/d2','inactivity',2,'CP week · 活跃度检查','⚠️ **CP week · 活跃度提醒**

以下小伙伴已连续 2 天或以上未打卡：
- @Finn：已连续 2 天未打卡

今天记得发送 **#打卡** 打卡哦！连续 3 天未打卡将被移出群聊。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(17,7,'demo/inactivity/d3','inactivity',3,'Copywriting CP week (demo) · 活跃度检查','⚠️ **Copywriting CP week (demo) · 活跃度提醒**

大家都很活跃，今天没有需要提醒的小伙伴！👏',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(18,6,'announced/task/d3','task',3,'Announced · Task of day 3','📝 **Day 3/7 · Today''s task** (Wed 2026-03-04)

**Write one slogan**
Difficulty: ★☆☆☆☆

Ten words at most.

**Check in** with **#checkin** and your work:
- **night**: 20:00–23:30 (late until 00:30)

On time today: **10 points**. Have fun! ✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(19,1,'cp/task/d3','task',3,'CP week · 第 3 天任务','📝 **第 3/7 天 · 今日任务**（2026-03-04 周三）

**把说明书改写成朋友圈文案**
难度：★★☆☆☆

找一段产品说明书或参数表（不少于 100 字），改写成一条 80 字以内的朋友圈文案。
要求：去掉术语，用第一人称讲一个使用瞬间，结尾留一个互动问题。
打卡时贴出原文截图要点和改写稿。

**打卡方式**：发送 **#打卡** 加上你的作业
- **night**：20:00–23:30（00:30 前仍可打卡，记为迟到）

今天准时打卡可得 **20 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(20,7,'demo/task/d4','task',4,'Copywriting CP week (demo) · 第 4 天任务','📝 **第 4/7 天 · 今日任务**（2026-03-04 周三）

**给一家小店写开业海报文案**
难度：★★★☆☆

为一家虚构的社区小店（面包店、花店或修车铺任选）写一张开业海报：主标题、副标题、三条正文、行动号召。
要求：主标题 12 字以内，正文里要有具体的数字或细节，行动号召要写清时间地点。
打卡时贴全文；和 CP 交换修改一轮，把修改前后都发出来。

**打卡方式**：发送 **#打卡** 加上你的作业
- **night**：20:00–23:30（00:30 前仍可打卡，记为迟到）

今天准时打卡可得 **30 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(21,4,'ops/summary/d2','summary',2,'Ops club · 第 2 天战报','📊 **昨日战报 · 第 2/7 天**（2026-03-03 周二）

打卡人数：**1/3**（完成率 33%）

**积分榜**
- 🥇 **Kim** · 10 分
- 🥈 **Max** · 5 分

👑 暂列第一：**Kim**

昨日未打卡：Kim、Lee。新的一天重新出发，记得发送 **#签到** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(22,4,'ops/task/d3','task',3,'Ops club · 第 3 天任务','📝 **第 3/7 天 · 今日任务**（2026-03-04 周三）

**话题：搭一张数据看板**
难度：★★☆☆☆

今天讨论：如果只能在看板上放 5 个指标，你会放哪 5 个？
签到时列出 5 个指标、各自的口径（怎么算）和每天谁来看。

**打卡方式**：发送 **#签到** 加上你的作业
- **signin**：09:00–12:00（18:00 前仍可打卡，记为迟到）

今天准时打卡可得 **10 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(23,6,'announced/summary/d2','summary',2,'Announced · Day 2 standings','📊 **Yesterday''s results · Day 2/7** (Tue 2026-03-03)

Checked in: **1/2** (50%)

**Leaderboard**
- 🥇 **Pat** · 10 pts
- 🥇 **Quinn** · 10 pts

👑 In the lead: **Pat, Quinn**

**Pairs**
- 🥇 **Pat & Quinn** · 20 pts

Missed yesterday: Pat. Today is a new day: check in with **#checkin**!',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(24,3,'buddies/summary/d2','summary',2,'Study buddies · 第 2 天战报','📊 **昨日战报 · 第 2/7 天**（2026-03-03 周二）

打卡人数：**0/2**（完成率 0%）

**积分榜**
- 🥇 **Ana** · 10 分
- 🥈 **Ben** · 5 分

👑 暂列第一：**Ana**

**CP 榜**
- 🥇 **Ana & Ben**· 20 分

昨日未打卡：Ana、Ben。新的一天重新出发，记得发送 **#打卡** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(25,1,'cp/summary/d2','summary',2,'CP week · 第 2 天战报','📊 **昨日战报 · 第 2/7 天**（2026-03-03 周二）

打卡人数：**4/7**（完成率 57%）

**积分榜**
- 🥇 **Alice** · 37 分 · 🔥2
- 🥈 **Bob** · 27 分 · 🔥2
- 🥉 **小明** · 22 分 · 🔥2
- 第 4 名 **Gus** · 20 分
- 第 5 名 **Dan** · 10 分
- 第 5 名 **小红** · 10 分

👑 暂列第一：**Alice**

**CP 榜**
- 🥇 **Alice & Bob**· 74 分
- 🥈 **小明 & 小红**· 37 分
- 🥉 **Finn & Gus**· 20 分
- 第 4 名 **Dan & Eve**（Dan）· 10 分

🔥 **连续打卡**：Alice 2 天、Bob 2 天、小明 2 天

昨日未打卡：小红、Dan、Finn。新的一天重新出发，记得发送 **#打卡** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(26,7,'demo/summary/d3','summary',3,'Copywriting CP week (demo) · 第 3 天战报','📊 **昨日战报 · 第 3/7 天**（2026-03-03 周二）

打卡人数：**17/20**（完成率 85%）

**积分榜**
- 🥇 **Jonas** · 63 分 · 🔥3
- 🥈 **Kavya** · 62 分 · 🔥3
- 🥉 **Mei** · 58 分 · 🔥3
- 🥉 **Bob** · 58 分 · 🔥3
- 第 5 名 **Daniel** · 56 分 · 🔥3
- 第 5 名 **Alice** · 56 分 · 🔥3
- 第 5 名 **Grace** · 56 分 · 🔥3
- 第 5 名 **林晓** · 56 分 · 🔥3
- 第 5 名 **刘洋** · 56 分 · 🔥3
- 第 5 名 **Emma** · 56 分 · 🔥3

👑 暂列第一：**Jonas**

**CP 榜**
- 🥇 **Kavya & 刘洋**· 133 分
- 🥈 **李娜 & Jonas**· 132 分
- 🥉 **Alice & Bob**· 129 分
- 第 4 名 **Chen Jing & Daniel**· 127 分
- 第 5 名 **Emma & Farid**· 127 分
- 第 6 名 **Hiro & Isabel**· 122 分
- 第 7 名 **Leo & Mei**· 103 分
- 第 8 名 **Grace & 张伟**· 98 分
- 第 8 名 **林晓 & 王芳**· 98 分
- 第 8 名 **小明 & 小红**· 98 分

🔥 **连续打卡**：Jonas 3 天、Kavya 3 天、Mei 3 天、Bob 3 天、Daniel 3 天

昨日未打卡：小明、王芳、张伟。新的一天重新出发，记得发送 **#打卡** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(27,2,'sprint/summary/d2','summary',2,'会计冲刺 · 第 2 天战报','📊 **昨日战报 · 第 2/30 天**（2026-03-03 周二）

打卡人数：**1/3**（完成率 33%）

**积分榜**
- 🥇 **王芳** · 22 分 · 🔥2
- 🥈 **李雷** · 5 分

👑 暂列第一：**王芳**

🔥 **连续打卡**：王芳 2 天

昨日未打卡：李雷、韩梅梅。新的一天重新出发，记得发送 **#打卡** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(28,4,'ops/reminder/d3/signin/60m','reminder',3,'Ops club · 打卡提醒','⏰ **打卡提醒 · 第 3/7 天**

距离 **signin** 打卡截止（**12:00**）还有 1 小时。
今日任务：话题：搭一张数据看板
已打卡：0/3

还没打卡的小伙伴：@Kim @Lee @Max
记得在 12:00 前发送 **#签到** 和你的作业（18:00 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(29,2,'sprint/task/d3','task',3,'会计冲刺 · 第 3 天任务','📝 **第 3/30 天 · 今日任务**（2026-03-04 周三）

**会计基础：会计科目与账户分类**
难度：★☆☆☆☆

1. 把 30 个常用会计科目按资产、负债、共同、所有者权益、成本、损益六类归类。
2. 说明“累计折旧”“坏账准备”为什么是资产的备抵科目，余额在哪一方。
3. 完成 10 道判断题，打卡时写出正确率。

**打卡方式**：发送 **#打卡** 加上你的作业
- **drill**：20:00–21:00（21:30 前仍可打卡，记为迟到）

今天准时打卡可得 **10 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(30,3,'buddies/task/d3','task',3,'Study buddies · 第 3 天任务','📝 **第 3/7 天 · 今日任务**（2026-03-04 周三）

**费曼学习法：讲给搭子听**
难度：★★☆☆☆

签到后用 40 分钟学习一个新知识点，再用 15 分钟把它写成“讲给外行听”的 5 句话。
学习结束后把这 5 句话发给你的学习搭子，请对方指出一处没听懂的地方。
至少学满一小时，今天的打卡以发出讲解为准。

**打卡方式**：发送 **#打卡** 加上你的作业
- **early**：19:50–20:00（20:10 前仍可打卡，记为迟到）
- **middle**：20:50–21:00（21:10 前仍可打卡，记为迟到）
- **late**：21:50–22:00（22:10 前仍可打卡，记为迟到）

今天准时打卡可得 **10 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(31,4,'ops/close/d3/signin','close',3,'Ops club · 第 3 天打卡结束','🔔 **第 3/7 天 · signin打卡已截止**

今天共有 0/3 位小伙伴完成打卡，辛苦啦！

今日未打卡：Kim、Lee、Max
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 4 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(32,4,'ops/inactivity/d3','inactivity',3,'Ops club · 活跃度检查','⚠️ **Ops club · 活跃度提醒**

以下小伙伴已连续 3 天或以上未打卡：
- @Lee：已连续 3 天未打卡

今天记得发送 **#签到** 打卡哦！连续 7 天未打卡将被移出群聊。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(33,3,'buddies/reminder/d3/early/10m','reminder',3,'Study buddies · 打卡提醒','⏰ **打卡提醒 · 第 3/7 天**

距离 **early** 打卡截止（**20:00**）还有 10 分钟。
今日任务：费曼学习法：讲给搭子听
已打卡：0/1

还没打卡的小伙伴：@Ana
记得在 20:00 前发送 **#打卡** 和你的作业（20:10 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(34,3,'buddies/close/d3/early','close',3,'Study buddies · 第 3 天打卡结束','🔔 **第 3/7 天 · early打卡已截止**

今天共有 0/1 位小伙伴完成打卡，辛苦啦！

今日未打卡：Ana
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 4 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(35,2,'sprint/reminder/d3/drill/30m','reminder',3,'会计冲刺 · 打卡提醒','⏰ **打卡提醒 · 第 3/30 天**

距离 **drill** 打卡截止（**21:00**）还有 30 分钟。
今日任务：会计基础：会计科目与账户分类
已打卡：0/3

还没打卡的小伙伴：@王芳 @李雷 @韩梅梅
记得在 21:00 前发送 **#打卡** 和你的作业（21:30 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(36,3,'buddies/reminder/d3/middle/10m','reminder',3,'Study buddies · 打卡提醒','⏰ **打卡提醒 · 第 3/7 天**

距离 **middle** 打卡截止（**21:00**）还有 10 分钟。
今日任务：费曼学习法：讲给搭子听
已打卡：0/0

全员已打卡，大家太棒了！🎉',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(37,3,'buddies/close/d3/middle','close',3,'Study buddies · 第 3 天打卡结束','🔔 **第 3/7 天 · middle打卡已截止**

今天共有 0/0 位小伙伴完成打卡，辛苦啦！
今天全员打卡！🎉

明天第 4 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(38,2,'sprint/close/d3/drill','close',3,'会计冲刺 · 第 3 天打卡结束','🔔 **第 3/30 天 · drill打卡已截止**

今天共有 0/3 位小伙伴完成打卡，辛苦啦！

今日未打卡：王芳、李雷、韩梅梅
有特殊情况的话，可以找管理员补卡（每人限 2 次）。

明天第 4 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(39,2,'sprint/inactivity/d3','inactivity',3,'会计冲刺 · 活跃度检查','⚠️ **会计冲刺 · 活跃度提醒**

以下小伙伴已连续 3 天或以上未打卡：
- @韩梅梅：已连续 3 天未打卡

今天记得发送 **#打卡** 打卡哦！连续 5 天未打卡将被移出群聊。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(40,3,'buddies/reminder/d3/late/10m','reminder',3,'Study buddies · 打卡提醒','⏰ **打卡提醒 · 第 3/7 天**

距离 **late** 打卡截止（**22:00**）还有 10 分钟。
今日任务：费曼学习法：讲给搭子听
已打卡：0/1

还没打卡的小伙伴：@Ben
记得在 22:00 前发送 **#打卡** 和你的作业（22:10 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(41,3,'buddies/close/d3/late','close',3,'Study buddies · 第 3 天打卡结束','🔔 **第 3/7 天 · late打卡已截止**

今天共有 0/1 位小伙伴完成打卡，辛苦啦！

今日未打卡：Ben
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 4 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(42,3,'buddies/inactivity/d3','inactivity',3,'Study buddies · 活跃度检查','⚠️ **Study buddies · 活跃度提醒**

以下小伙伴已连续 2 天或以上未打卡：
- @Ana：已连续 2 天未打卡
- @Ben：已连续 2 天未打卡

今天记得发送 **#打卡** 打卡哦！连续 4 天未打卡将被移出群聊。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(43,6,'announced/reminder/d3/night/30m','reminder',3,'Announced · Reminder','⏰ **Check-in reminder · Day 3/7**

30 minutes left: the **night** window closes at **23:30**.
Today''s task: Write one slogan
Checked in so far: 0/2

Not checked in yet: @Pat @Quinn
Post your work with **#checkin** before 23:30 (late check-ins count until 00:30, for fewer points).',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(44,1,'cp/reminder/d3/night/30m','reminder',3,'CP week · 打卡提醒','⏰ **打卡提醒 · 第 3/7 天**

距离 **night** 打卡截止（**23:30**）还有 30 分钟。
今日任务：把说明书改写成朋友圈文案
已打卡：3/7

还没打卡的小伙伴：@小红 @Dan @Finn @Gus
记得在 23:30 前发送 **#打卡** 和你的作业（00:30 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(45,7,'demo/reminder/d4/night/30m','reminder',4,'Copywriting CP week (demo) · 打卡提醒','⏰ **打卡提醒 · 第 4/7 天**

距离 **night** 打卡截止（**23:30**）还有 30 分钟。
今日任务：给一家小店写开业海报文案
已打卡：13/20

还没打卡的小伙伴：@小明 @小红 @林晓 @王芳 @Emma @Grace @Isabel
记得在 23:30 前发送 **#打卡** 和你的作业（00:30 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(46,6,'announced/close/d3/night','close',3,'Announced · Day 3 closed','🔔 **Day 3/7 · The night window is closed**

0/2 checked in today. Thank you!

Missed today: Pat, Quinn
Had a good reason? Ask an organiser for a make-up check-in (1 per person).

See you tomorrow for day 4!',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(47,1,'cp/close/d3/night','close',3,'CP week · 第 3 天打卡结束','🔔 **第 3/7 天 · night打卡已截止**

今天共有 3/7 位小伙伴完成打卡，辛苦啦！

今日未打卡：小红、Dan、Finn、Gus
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 4 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(48,7,'demo/close/d4/night','close',4,'Copywriting CP week (demo) · 第 4 天打卡结束','🔔 **第 4/7 天 · night打卡已截止**

今天共有 13/20 位小伙伴完成打卡，辛苦啦！

今日未打卡：小明、小红、林晓、王芳、Emma、Grace、Isabel
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 5 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(49,6,'announced/inactivity/d3','inactivity',3,'Announced · Inactivity check','⚠️ **Announced · Attendance check**

These members have missed 2 or more days in a row:
- @Pat: 2 days missed

Check in today with **#checkin** to keep your place: after 3 missed days in a row, members leave the camp.',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(50,1,'cp/inactivity/d3','inactivity',3,'CP week · 活跃度检查','⚠️ **CP week · 活跃度提醒**

以下小伙伴已连续 2 天或以上未打卡：
- @小红：已连续 2 天未打卡
- @Dan：已连续 2 天未打卡

今天记得发送 **#打卡** 打卡哦！连续 3 天未打卡将被移出群聊。

**本期移出名单**（连续 3 天或以上未打卡）：
- Finn：已连续 3 天未打卡

感谢你的参与，欢迎下期再来！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(51,7,'demo/inactivity/d4','inactivity',4,'Copywriting CP week (demo) · 活跃度检查','⚠️ **Copywriting CP week (demo) · 活跃度提醒**

大家都很活跃，今天没有需要提醒的小伙伴！👏',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(52,6,'announced/task/d4','task',4,'Announced · Task of day 4','📝 **Day 4/7 · Today''s task** (Thu 2026-03-05)

**Write one slogan**
Difficulty: ★☆☆☆☆

Ten words at most.

**Check in** with **#checkin** and your work:
- **night**: 20:00–23:30 (late until 00:30)

On time today: **10 points**. Have fun! ✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(53,1,'cp/task/d4','task',4,'CP week · 第 4 天任务','📝 **第 4/7 天 · 今日任务**（2026-03-05 周四）

**给一家小店写开业海报文案**
难度：★★★☆☆

为一家虚构的社区小店（面包店、花店或修车铺任选）写一张开业海报：主标题、副标题、三条正文、行动号召。
要求：主标题 12 字以内，正文里要有具体的数字或细节，行动号召要写清时间地点。
打卡时贴全文；和 CP 交换修改一轮，把修改前后都发出来。

**打卡方式**：发送 **#打卡** 加上你的作业
- **night**：20:00–23:30（00:30 前仍可打卡，记为迟到）

今天准时打卡可得 **30 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(54,7,'demo/task/d5','task',5,'Copywriting CP week (demo) · 第 5 天任务','📝 **第 5/7 天 · 今日任务**（2026-03-05 周四）

**短视频脚本：15 秒讲清一个卖点**
难度：★★★★☆

为一款产品写一个 15 秒短视频脚本：分镜（画面）、台词、字幕三列，不超过 5 个镜头。
要求：前 3 秒必须有钩子，结尾必须有明确的行动号召。
打卡时用表格格式发出，并请 CP 按“钩子、清晰、记忆点”各打 1–5 分。

**打卡方式**：发送 **#打卡** 加上你的作业
- **night**：20:00–23:30（00:30 前仍可打卡，记为迟到）

今天准时打卡可得 **40 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(55,4,'ops/summary/d3','summary',3,'Ops club · 第 3 天战报','📊 **昨日战报 · 第 3/7 天**（2026-03-04 周三）

打卡人数：**0/3**（完成率 0%）

**积分榜**
- 🥇 **Kim** · 10 分
- 🥈 **Max** · 5 分

👑 暂列第一：**Kim**

昨日未打卡：Kim、Lee、Max。新的一天重新出发，记得发送 **#签到** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(56,4,'ops/task/d4','task',4,'Ops club · 第 4 天任务','📝 **第 4/7 天 · 今日任务**（2026-03-05 周四）

**话题：社群规则怎么定**
难度：★★☆☆☆

今天讨论：一个 200 人的微信群，哪些规则必须写进群公告？
签到时写出你的 3 条群规，以及违规后的处理方式（提醒、警告、移出）。

**打卡方式**：发送 **#签到** 加上你的作业
- **signin**：09:00–12:00（18:00 前仍可打卡，记为迟到）

今天准时打卡可得 **10 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(57,6,'announced/summary/d3','summary',3,'Announced · Day 3 standings','📊 **Yesterday''s results · Day 3/7** (Wed 2026-03-04)

Checked in: **0/2** (0%)

**Leaderboard**
- 🥇 **Pat** · 10 pts
- 🥇 **Quinn** · 10 pts

👑 In the lead: **Pat, Quinn**

**Pairs**
- 🥇 **Pat & Quinn** · 20 pts

Missed yesterday: Pat, Quinn. Today is a new day: check in with **#checkin**!',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(58,3,'buddies/summary/d3','summary',3,'Study buddies · 第 3 天战报','📊 **昨日战报 · 第 3/7 天**（2026-03-04 周三）

打卡人数：**0/2**（完成率 0%）

**积分榜**
- 🥇 **Ana** · 10 分
- 🥈 **Ben** · 5 分

👑 暂列第一：**Ana**

**CP 榜**
- 🥇 **Ana & Ben**· 20 分

昨日未打卡：Ana、Ben。新的一天重新出发，记得发送 **#打卡** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(59,1,'cp/summary/d3','summary',3,'CP week · 第 3 天战报','📊 **昨日战报 · 第 3/7 天**（2026-03-04 周三）

打卡人数：**3/7**（完成率 43%）

**积分榜**
- 🥇 **Alice** · 61 分 · 🔥3
- 🥈 **Bob** · 51 分 · 🔥3
- 🥉 **小明** · 46 分 · 🔥3
- 第 4 名 **Gus** · 20 分
- 第 5 名 **Dan** · 10 分
- 第 5 名 **小红** · 10 分

👑 暂列第一：**Alice**

**CP 榜**
- 🥇 **Alice & Bob**· 127 分
- 🥈 **小明 & 小红**· 61 分
- 🥉 **Finn & Gus**· 20 分
- 第 4 名 **Dan & Eve**（Dan）· 10 分

🔥 **连续打卡**：Alice 3 天、Bob 3 天、小明 3 天

昨日未打卡：小红、Dan、Finn、Gus。新的一天重新出发，记得发送 **#打卡** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(60,7,'demo/summary/d4','summary',4,'Copywriting CP week (demo) · 第 4 天战报','📊 **昨日战报 · 第 4/7 天**（2026-03-04 周三）

打卡人数：**13/20**（完成率 65%）

**积分榜**
- 🥇 **Kavya** · 100 分 · 🔥4
- 🥈 **Jonas** · 99 分 · 🔥4
- 🥉 **Chen Jing** · 95 分 · 🔥4
- 第 4 名 **李娜** · 95 分 · 🔥4
- 第 5 名 **Mei** · 94 分 · 🔥4
- 第 5 名 **Bob** · 94 分 · 🔥4
- 第 7 名 **Daniel** · 92 分 · 🔥4
- 第 7 名 **Alice** · 92 分 · 🔥4
- 第 7 名 **刘洋** · 92 分 · 🔥4
- 第 10 名 **Farid** · 92 分 · 🔥4

👑 暂列第一：**Kavya**

**CP 榜**
- 🥇 **李娜 & Jonas**· 214 分
- 🥈 **Kavya & 刘洋**· 212 分
- 🥉 **Chen Jing & Daniel**· 207 分
- 第 4 名 **Alice & Bob**· 206 分
- 第 5 名 **Leo & Mei**· 176 分
- 第 6 名 **Emma & Farid**· 163 分
- 第 7 名 **Hiro & Isabel**· 143 分
- 第 8 名 **Grace & 张伟**· 128 分
- 第 9 名 **林晓 & 王芳**· 98 分
- 第 9 名 **小明 & 小红**· 98 分

🔥 **连续打卡**：Kavya 4 天、Jonas 4 天、Chen Jing 4 天、李娜 4 天、Mei 4 天

昨日未打卡：小明、小红、林晓、王芳、Emma、Grace、Isabel。新的一天重新出发，记得发送 **#打卡** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(61,2,'sprint/summary/d3','summary',3,'会计冲刺 · 第 3 天战报','📊 **昨日战报 · 第 3/30 天**（2026-03-04 周三）

打卡人数：**0/3**（完成率 0%）

**积分榜**
- 🥇 **王芳** · 22 分
- 🥈 **李雷** · 5 分

👑 暂列第一：**王芳**

昨日未打卡：王芳、李雷、韩梅梅。新的一天重新出发，记得发送 **#打卡** 打卡哦！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(62,4,'ops/reminder/d4/signin/60m','reminder',4,'Ops club · 打卡提醒','⏰ **打卡提醒 · 第 4/7 天**

距离 **signin** 打卡截止（**12:00**）还有 1 小时。
今日任务：话题：社群规则怎么定
已打卡：0/3

还没打卡的小伙伴：@Kim @Lee @Max
记得在 12:00 前发送 **#签到** 和你的作业（18:00 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(63,2,'sprint/task/d4','task',4,'会计冲刺 · 第 4 天任务','📝 **第 4/30 天 · 今日任务**（2026-03-05 周四）

**会计基础：货币资金与银行存款余额调节表**
难度：★☆☆☆☆

1. 复习库存现金清查：现金溢余、短缺的批准前后分录。
2. 根据题目给出的企业日记账与银行对账单，找出四类未达账项并编制银行存款余额调节表。
3. 打卡时写出调节后的余额。

**打卡方式**：发送 **#打卡** 加上你的作业
- **drill**：20:00–21:00（21:30 前仍可打卡，记为迟到）

今天准时打卡可得 **10 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(64,3,'buddies/task/d4','task',4,'Study buddies · 第 4 天任务','📝 **第 4/7 天 · 今日任务**（2026-03-05 周四）

**一小时背诵与默写**
难度：★★☆☆☆

签到后的一小时分三段：先用 30 分钟背诵（单词、公式、法条或概念任选），再用 20 分钟闭卷默写，最后 10 分钟对照订正。
结束时汇报：背了多少、默写正确率多少。
搭子之间比一比正确率，没过 80% 的明天再默一次。

**打卡方式**：发送 **#打卡** 加上你的作业
- **early**：19:50–20:00（20:10 前仍可打卡，记为迟到）
- **middle**：20:50–21:00（21:10 前仍可打卡，记为迟到）
- **late**：21:50–22:00（22:10 前仍可打卡，记为迟到）

今天准时打卡可得 **10 分**，期待你的作品！✍️',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(65,4,'ops/close/d4/signin','close',4,'Ops club · 第 4 天打卡结束','🔔 **第 4/7 天 · signin打卡已截止**

今天共有 0/3 位小伙伴完成打卡，辛苦啦！

今日未打卡：Kim、Lee、Max
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 5 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(66,4,'ops/inactivity/d4','inactivity',4,'Ops club · 活跃度检查','⚠️ **Ops club · 活跃度提醒**

以下小伙伴已连续 3 天或以上未打卡：
- @Kim：已连续 3 天未打卡
- @Lee：已连续 4 天未打卡

今天记得发送 **#签到** 打卡哦！连续 7 天未打卡将被移出群聊。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(67,3,'buddies/reminder/d4/early/10m','reminder',4,'Study buddies · 打卡提醒','⏰ **打卡提醒 · 第 4/7 天**

距离 **early** 打卡截止（**20:00**）还有 10 分钟。
今日任务：一小时背诵与默写
已打卡：0/1

还没打卡的小伙伴：@Ana
记得在 20:00 前发送 **#打卡** 和你的作业（20:10 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(68,3,'buddies/close/d4/early','close',4,'Study buddies · 第 4 天打卡结束','🔔 **第 4/7 天 · early打卡已截止**

今天共有 0/1 位小伙伴完成打卡，辛苦啦！

今日未打卡：Ana
有特殊情况的话，可以找管理员补卡（每人限 1 次）。

明天第 5 天，不见不散！',NULL,'2026-03-05T12:30:00.000000Z');
INSERT INTO "outbox" VALUES(69,2,'sprint/reminder/d4/drill/30m','reminder',4,'会计冲刺 · 打卡提醒','⏰ **打卡提醒 · 第 4/30 天**

距离 **drill** 打卡截止（**21:00**）还有 30 分钟。
今日任务：会计基础：货币资金与银行存款余额调节表
已打卡：0/3

还没打卡的小伙伴：@王芳 @李雷 @韩梅梅
记得在 21:00 前发送 **#打卡** 和你的作业（21:30 前还能迟到打卡，积分减少）。',NULL,'2026-03-05T12:30:00.000000Z');
CREATE TABLE pairs (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            auto INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
INSERT INTO "pairs" VALUES(1,1,'Alice & Bob',0,'2026-03-01T02:00:00.000000Z');
INSERT INTO "pairs" VALUES(2,1,'小明 & 小红',0,'2026-03-01T02:00:00.000000Z');
INSERT INTO "pairs" VALUES(3,1,'Dan & Eve',1,'2026-03-01T02:00:00.000000Z');
INSERT INTO "pairs" VALUES(4,1,'Finn & Gus',1,'2026-03-01T02:00:00.000000Z');
INSERT INTO "pairs" VALUES(5,3,'Ana & Ben',0,'2026-03-01T02:00:00.000000Z');
INSERT INTO "pairs" VALUES(6,6,'Pat & Quinn',0,'2026-03-01T02:00:00.000000Z');
INSERT INTO "pairs" VALUES(7,7,'Alice & Bob',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "pairs" VALUES(8,7,'小明 & 小红',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "pairs" VALUES(9,7,'Chen Jing & Daniel',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "pairs" VALUES(10,7,'林晓 & 王芳',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "pairs" VALUES(11,7,'Emma & Farid',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "pairs" VALUES(12,7,'Grace & 张伟',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "pairs" VALUES(13,7,'Hiro & Isabel',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "pairs" VALUES(14,7,'李娜 & Jonas',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "pairs" VALUES(15,7,'Kavya & 刘洋',1,'2026-03-05T12:30:00.000000Z');
INSERT INTO "pairs" VALUES(16,7,'Leo & Mei',1,'2026-03-05T12:30:00.000000Z');
CREATE TABLE voided_checkins (
            id INTEGER PRIMARY KEY,
            camp_id INTEGER NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            day INTEGER,
            window_name TEXT,
            status TEXT NOT NULL,
            points INTEGER NOT NULL DEFAULT 0,
            score REAL,
            text TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'manual',
            fingerprint TEXT,
            created TEXT NOT NULL,
            voided TEXT NOT NULL,
            reason TEXT NOT NULL
        );
INSERT INTO "voided_checkins" VALUES(91,1,5,'2026-03-03T12:05:00.000000Z',2,'night','on_time',20,NULL,'wrong member','manual',NULL,'2026-03-05T12:30:00.000000Z','2026-03-05T12:30:00.000000Z','recorded for the wrong member');
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX pairs_camp ON pairs(camp_id);
CREATE INDEX members_handle ON members(camp_id, handle);
CREATE INDEX members_pair ON members(pair_id);
CREATE INDEX checkins_standings
            ON checkins(member_id, status, day, points, at);
CREATE INDEX checkins_camp_day ON checkins(camp_id, day);
CREATE INDEX adjustments_member ON adjustments(member_id);
CREATE INDEX member_totals_rank
            ON member_totals(camp_id, total DESC, on_time DESC, last_at);
CREATE INDEX member_totals_last_day ON member_totals(camp_id, last_day);
CREATE INDEX member_totals_last_adjustment
            ON member_totals(camp_id, last_adjustment_day)
        ;
CREATE INDEX events_pending ON events(status, due);
CREATE INDEX events_camp ON events(camp_id, due);
CREATE INDEX outbox_camp ON outbox(camp_id, id);
CREATE INDEX deliveries_due ON deliveries(status, next_attempt);
CREATE INDEX deliveries_rate ON deliveries(channel, sent);
CREATE INDEX messages_member_day ON messages(member_id, day);
CREATE INDEX voided_checkins_member ON voided_checkins(member_id)
        ;
COMMIT;
