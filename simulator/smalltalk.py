"""Small talk and fillers: what a trainee may type that answers none of a node's options.

Understanding compares an answer with these phrasings as well as with the node's options. An
answer closer to small talk than to any option's phrasing is not offered as a reading: the
client asks what the trainee means. The list is the matcher's knowledge of everyday talk (like
the colloquial spellings in `understanding.SYNONYMS`), not scenario content; it was written
from everyday conversation, not from any evaluation set.
"""

from __future__ import annotations

SMALL_TALK: tuple[str, ...] = (
    # weather and seasons
    "今天天气真好",
    "今天好热啊",
    "外面下大雨了",
    "这几天降温了，您多穿点",
    "今年冬天特别冷",
    "天气预报说明天有雪",
    "这天儿闷得慌",
    # the way here, traffic, parking
    "路上堵车堵得厉害",
    "我开车过来花了一个小时",
    "您这儿停车方便吗",
    "地铁站离这远不远",
    "我差点迷路了，导航不好使",
    # food and drink, meals
    "中午吃了吗",
    "附近有什么好吃的馆子",
    "这家的面挺好吃的",
    "您平时喝咖啡还是喝茶",
    "这茶叶真香，哪儿买的",
    "晚上一起吃个饭吧，随便聊聊",
    "我今天早饭都没吃",
    # compliments on things around
    "您这办公室装修得真气派",
    "这盆花养得真好",
    "您这衣服真好看，哪儿买的",
    "这幅字写得真好",
    "您这车不错啊，什么牌子的",
    "店里收拾得挺干净",
    # family, health, free time
    "孩子今年上几年级了",
    "您家老人身体还好吧",
    "周末一般干嘛去",
    "您平时喜欢钓鱼吗",
    "最近看了个电影挺好看",
    "昨晚的球赛您看了吗",
    "五一打算去哪儿玩",
    "过年回老家吗",
    "我最近在减肥",
    "最近睡得不太好",
    # unrelated questions and errands
    "现在几点了",
    "洗手间在哪儿",
    "你们这儿的无线网密码是多少",
    "能借我充一下电吗",
    "我先接个电话",
    "稍等，我回个消息",
    "你们食堂几点开饭",
    "楼下那家超市几点关门",
    # greetings and fillers
    "你好你好",
    "早上好",
    "嗯",
    "嗯嗯",
    "啊",
    "哦",
    "嗯……这个嘛",
    "那个……怎么说呢",
    "让我想想",
    "等一下",
    "哈哈哈",
    "呵呵",
    "好吧好吧",
    "随便",
    "不知道",
    "我也说不好",
    "这个嘛，看情况吧",
    "啊？你说什么",
    "再说一遍",
    "没听清",
    # the person: looks, clothes, things they wear
    "您今天气色真好",
    "您这身衣服真精神",
    "这件外套挺好看的，哪儿买的",
    "您这手表真漂亮",
    "您新换发型了吧",
    "您戴这眼镜显年轻",
    # phones, chargers, wifi, the room
    "我手机快没电了",
    "有充电器借我用一下吗",
    "你们这儿有无线网吗，密码多少",
    "空调能开大点吗，有点热",
    "外面装修的声音好吵",
    "这屋里有点闷，开个窗吧",
    # dates, time, plans
    "今天星期几来着",
    "今天几号了",
    "下午几点下班啊",
    "周末有什么安排",
    "快过年了，年货买了没",
    "国庆去哪儿玩了",
    # hobbies, sports, news, pets
    "昨晚的球赛看了吗",
    "您平时喜欢钓鱼吗",
    "最近在追什么电视剧",
    "您家养狗吗，这小狗真可爱",
    "最近油价又涨了",
    "听说那边新开了个商场",
    # people around, not the matter at hand
    "门口那位师傅是您家亲戚吗",
    "楼下那家店是新开的吧",
    "您孩子今年高考吧",
    "您爱人也在这上班吗",
    # English
    "nice weather today",
    "how was the traffic",
    "did you have lunch",
    "where is the restroom",
    "what time is it",
    "um, well",
    "hmm let me think",
    "nice office",
    "how are your kids",
    "did you watch the game last night",
    "i don't know",
    "whatever",
)
