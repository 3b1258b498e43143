# %% [markdown]
# # Rectification tasks per category per province
#
# A notebook in the percent format (Jupyter, VS Code, `jupytext --to ipynb`), or a script:
# `python examples/tasks_by_province.py [--out tasks_by_province.png]`. It reads the bundled
# notices with `zhenggai`, puts each document under the province that issued it (national
# when none did), counts its task items per main category and draws a bar chart.
# Needs `pip install ./python pandas matplotlib`.

# %%
import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
import pandas as pd

import zhenggai

ROOT = Path(__file__).resolve().parents[1]
args = argparse.ArgumentParser()
args.add_argument("--out", default=str(ROOT / "target" / "tasks_by_province.png"))
args = args.parse_args(sys.argv[1:] if __name__ == "__main__" else [])

# %% [markdown]
# ## Extract: every notice of `corpus/` except the re-encoded copies, on all cores

# %%
records = zhenggai.extract_paths(
    [ROOT / "corpus" / d for d in ("seeds", "real", "heldout")], jobs=None
)
docs = zhenggai.documents_frame(records)
tasks = zhenggai.tasks_frame(records)
print(f"{len(docs)} documents, {len(tasks)} tasks, {docs['error'].notna().sum()} failed")

# %% [markdown]
# ## Province of each document
# The first province (or a city or institution of one) its title or issuer names, else its
# file name, in pinyin; "national" when none does (central notices, ministries, the army).

# %%
PROVINCES = {
    "北京": "Beijing", "天津": "Tianjin", "河北": "Hebei", "山西": "Shanxi", "内蒙古": "Inner Mongolia",
    "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "上海": "Shanghai", "江苏": "Jiangsu",
    "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong",
    "河南": "Henan", "湖北": "Hubei", "湖南": "Hunan", "广东": "Guangdong", "广西": "Guangxi",
    "海南": "Hainan", "重庆": "Chongqing", "四川": "Sichuan", "贵州": "Guizhou", "云南": "Yunnan",
    "西藏": "Tibet", "陕西": "Shaanxi", "甘肃": "Gansu", "青海": "Qinghai", "宁夏": "Ningxia",
    "新疆": "Xinjiang",
    # cities and institutions of the bundled notices
    "南开": "Tianjin", "盐城": "Jiangsu", "南京": "Jiangsu", "信阳": "Henan", "梧州": "Guangxi",
    "哈尔滨": "Heilongjiang", "绍兴": "Zhejiang", "温州": "Zhejiang", "成都": "Sichuan",
    "西南交通": "Sichuan", "深圳": "Guangdong", "罗湖": "Guangdong", "华为": "Guangdong",
    "济宁": "Shandong", "潞安": "Shanxi", "乌拉特": "Inner Mongolia", "石城": "Jiangxi",
}
# the same in the file names' pinyin
PINYIN = {v.lower().replace(" ", ""): v for v in PROVINCES.values()} | {
    "nankai": "Tianjin", "yancheng": "Jiangsu", "njust": "Jiangsu", "xinyang": "Henan",
    "wuzhou": "Guangxi", "hrbeu": "Heilongjiang", "haerbin": "Heilongjiang", "shaoxing": "Zhejiang",
    "wenzhou": "Zhejiang", "sicau": "Sichuan", "swjtu": "Sichuan", "shsmu": "Shanghai",
    "luohu": "Guangdong", "huawei": "Guangdong", "jining": "Shandong", "luan_": "Shanxi",
    "wulate": "Inner Mongolia", "shicheng": "Jiangxi",
}


def province(doc) -> str:
    title = doc["title"] if pd.notna(doc["title"]) else ""
    text = " ".join([title, *doc["issuer"]])
    for name, english in PROVINCES.items():
        if name in text:
            return english
    for word, english in PINYIN.items():
        if word in doc["doc_id"].lower():
            return english
    return "national"


docs["province"] = docs.apply(province, axis=1)
tasks = tasks.merge(docs[["doc_id", "province"]], on="doc_id")
docs[["doc_id", "province", "tasks"]].head(10)

# %% [markdown]
# ## Count and plot: tasks per main category, one bar a province

# %%
table = tasks.pivot_table(index="province", columns="category", values="task_id", aggfunc="count", fill_value=0)
table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
table = table[table.sum().sort_values(ascending=False).index]
print(table.to_string())

ax = table.plot.bar(stacked=True, figsize=(11, 5.5), width=0.8, colormap="tab20")
ax.set_xlabel("")
ax.set_ylabel("task items")
ax.set_title("zhenggai: rectification task items per main category, by issuing province")
ax.legend(fontsize=7, ncol=2, bbox_to_anchor=(1.01, 1), loc="upper left")
plt.tight_layout()
Path(args.out).parent.mkdir(parents=True, exist_ok=True)
plt.savefig(args.out, dpi=110)
print(f"chart: {args.out}")
