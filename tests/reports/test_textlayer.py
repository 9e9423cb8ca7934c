"""reports.textlayer: the PDF text layer of Thai reports copies out exactly.

Plain pytest, no Django. Every PDF is rendered in a subprocess, so the patch never
leaks into this process (nor into other tests), and the unpatched baseline is real.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import fontpkg_sarabun
import pypdf
import pytest

ROOT = Path(__file__).resolve().parents[2]  # the project, where `reports` lives
SARABUN = fontpkg_sarabun.ROOT / 'files' / 'Sarabun-Regular.ttf'
LAKSAMAN = Path('/usr/share/fonts/truetype/tlwg/Laksaman.ttf')  # fonts-tlwg-laksaman-ttf

# The 14 Service Mind indicators, official spelling.
INDICATORS = [
    'ให้การบริการที่เป็นมิตร สุภาพ',
    'ให้ข้อมูล ข่าวสาร ที่ถูกต้อง ชัดเจนแก่ผู้รับบริการ',
    'แจ้งให้ผู้รับบริการทราบความคืบหน้าในการดำเนินเรื่อง หรือขั้นตอนต่างๆ ที่ให้บริการอยู่',
    'ประสานงานภายในหน่วยงาน และหน่วยงานอื่นที่เกี่ยวข้อง '
    'เพื่อให้ผู้รับบริการได้รับบริการที่ต่อเนื่อง และรวดเร็ว',
    'รับเป็นธุระ ช่วยแก้ปัญหาหรือหาแนวทางแก้ไขปัญหาที่เกิดขึ้นแก่ผู้รับบริการอย่างรวดเร็ว '
    'ไม่บ่ายเบี่ยง ไม่แก้ตัว หรือปัดภาระ',
    'ดูแลให้ผู้รับบริการได้รับความพึงพอใจ และนำข้อขัดข้องใดๆ '
    'ในการให้บริการไปพัฒนาการให้บริการให้ดียิ่งขึ้น',
    'ให้เวลาแก่ผู้รับบริการเป็นพิเศษ เพื่อช่วยแก้ปัญหาให้แก่ผู้รับบริการ',
    'ให้ข้อมูล ข่าวสาร ที่เกี่ยวข้องกับงานที่กำลังให้บริการอยู่ ซึ่งเป็นประโยชน์แก่ผู้รับบริการ '
    'แม้ว่าผู้รับบริการจะไม่ได้ถามถึง หรือไม่ทราบมาก่อน',
    'นำเสนอวิธีการในการให้บริการที่ผู้รับบริการจะได้รับประโยชน์สูงสุด',
    'เข้าใจ หรือพยายามทำความเข้าใจด้วยวิธีการต่างๆ '
    'เพื่อให้บริการได้ตรงตามความต้องการที่แท้จริงของผู้รับบริการ',
    'ให้คำแนะนำที่เป็นประโยชน์แก่ผู้รับบริการ '
    'เพื่อตอบสนองความจำเป็นหรือความต้องการที่แท้จริงของผู้รับบริการ',
    'คิดถึงผลประโยชน์ของผู้รับบริการในระยะยาว '
    'และพร้อมที่จะเปลี่ยนวิธีหรือขั้นตอนการให้บริการเพื่อประโยชน์สูงสุดของผู้รับบริการ',
    'เป็นที่ปรึกษาที่มีส่วนในการตัดสินใจที่ผู้รับบริการไว้วางใจ',
    'สามารถให้ความเห็นที่อาจแตกต่างไปจากวิธีการ หรือขั้นตอนที่ผู้รับบริการต้องการ'
    'ให้สอดคล้องกับความจำเป็น ปัญหา โอกาส เพื่อเป็นประโยชน์อย่างแท้จริงของผู้รับบริการ',
]
EXTRAS = [
    'สำนักงาน ดำเนินการ กำลังใจ น้ำใจ น้ำ ที่นี่ ปู่ย่า ญี่ปุ่น',
    'ดำ ดา กำ กา สำ สา ที ที่ ปู ปู่ ญี ญี่',  # the same glyphs drawn for other texts
    'รายงานผลการประเมิน 360 องศา ABC-123 รอบที่ 2/2567 คะแนน 4.50 (90%) Service Mind',
]
assert len(INDICATORS) == 14

RENDER = """
import sys, weasyprint
if sys.argv[1] == 'patched':  # as the renderer installs it: lines drawn by textdraw
    from reports import textdraw
    textdraw.install()
if sys.argv[1] == 'hooked':  # the text layer's hooks on upstream's glyph loop
    from reports import textlayer
    textlayer.install()
if sys.argv[1] == 'remembered':  # and what the renderer keeps across documents
    from reports import layoutreuse, linecache, stylecache, textdraw
    textdraw.install(), layoutreuse.install(), stylecache.install(), linecache.install()
html, pdf = sys.argv[2:]
if sys.argv[1] == 'remembered':  # one font configuration and stylesheet, as the renderer
    import re
    from weasyprint.text.fonts import FontConfiguration
    config = FontConfiguration()
    source = open(html, encoding='utf-8').read()
    css = weasyprint.CSS(string=re.search('<style>(.*)</style>', source, re.S)[1],
                         font_config=config)
    source = re.sub('<style>.*</style>', '', source, flags=re.S)
    for _ in range(2):  # the second time from what the first kept
        weasyprint.HTML(string=source).write_pdf(pdf, font_config=config, stylesheets=[css])
else:
    weasyprint.HTML(string=open(html, encoding='utf-8').read()).write_pdf(pdf)
"""

FONTS = {'sarabun': SARABUN, 'laksaman': LAKSAMAN}


def squash(text):
    return re.sub(r'\s', '', text)


def html_for(font_file):
    paragraphs = ''.join(f'<p>{text}</p>' for text in INDICATORS + EXTRAS)
    return f"""<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><style>
      @font-face {{ font-family: Report; src: url({font_file.as_uri()}) }}
      @page {{ size: A5 }}  /* several pages: fonts and aliases span pages */
      body {{ font-family: Report; font-size: 11pt }}
    </style></head><body>{paragraphs}</body></html>"""


@pytest.fixture(scope='module')
def render(tmp_path_factory):
    """render(font, patched) -> Path of the PDF, rendered once per module."""
    directory, cache = tmp_path_factory.mktemp('textlayer'), {}

    def render(font, patched):
        if not FONTS[font].exists():
            pytest.skip(f'{FONTS[font]} not installed (Debian fonts-tlwg-laksaman-ttf)')
        mode = patched if isinstance(patched, str) else 'patched' if patched else 'unpatched'
        key = f'{font}-{mode}'
        if key not in cache:
            html, pdf = directory / f'{key}.html', directory / f'{key}.pdf'
            html.write_text(html_for(FONTS[font]), encoding='utf-8')
            result = subprocess.run(
                [sys.executable, '-c', RENDER, key.split('-')[1], str(html), str(pdf)],
                cwd=ROOT, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            cache[key] = pdf
        return cache[key]

    return render


def extract(pdf, extractor):
    if extractor == 'pypdf':
        return ''.join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    if not shutil.which('pdftotext'):
        pytest.skip('pdftotext (Debian poppler-utils) not installed')
    return subprocess.run(
        ['pdftotext', str(pdf), '-'], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize('extractor', ['pypdf', 'pdftotext'])
@pytest.mark.parametrize('font', ['sarabun', 'laksaman'])
def test_patched_text_copies_out_exactly(render, font, extractor):
    text = squash(extract(render(font, patched=True), extractor))
    missing = [line for line in INDICATORS + EXTRAS if squash(line) not in text]
    assert missing == []
    # Nothing more either: the whole text layer is exactly the document's text.
    assert text == squash(''.join(INDICATORS + EXTRAS))


@pytest.mark.parametrize('extractor', ['pypdf', 'pdftotext'])
@pytest.mark.parametrize('font', ['sarabun', 'laksaman'])
def test_unpatched_text_layer_is_wrong(render, font, extractor):
    # Proves the patch matters: WeasyPrint 70.0 alone loses indicators (measured on
    # this document: Sarabun 5/14 with pdftotext and 7/14 with pypdf, Laksaman 0/14
    # and 1/14), and the line drawing the same glyphs for ำ and า never copies out.
    text = squash(extract(render(font, patched=False), extractor))
    found = [line for line in INDICATORS if squash(line) in text]
    assert len(found) <= len(INDICATORS) // 2, f'{len(found)}/14 found'
    assert squash(EXTRAS[1]) not in text


@pytest.mark.parametrize('font', ['sarabun', 'laksaman'])
def test_pages_look_identical(render, font, tmp_path):
    if not shutil.which('pdftoppm'):
        pytest.skip('pdftoppm (Debian poppler-utils) not installed')
    pages = {}
    for patched in (False, True):
        prefix = tmp_path / str(patched)
        subprocess.run(
            ['pdftoppm', '-r', '50', '-gray', str(render(font, patched)), str(prefix)],
            check=True)
        pages[patched] = [path.read_bytes() for path in sorted(tmp_path.glob(f'{patched}*'))]
    assert pages[True], 'no page rendered'
    assert pages[True] == pages[False]  # PGM files: header and raw pixels


@pytest.mark.parametrize('font', ['sarabun', 'laksaman'])
def test_bulk_glyph_reading_writes_what_the_hooked_upstream_loop_writes(render, font):
    # reports.textdraw reads Pango's glyphs in bulk; the PDF
    # must be the one upstream's loop writes through the hooks, byte for byte.
    hooked = render(font, 'hooked').read_bytes()
    assert render(font, 'patched').read_bytes() == hooked
    # Also when the runs, codes and strings come from the document before.
    assert render(font, 'remembered').read_bytes() == hooked


def test_marked_content_is_balanced(render):
    for page in pypdf.PdfReader(render('sarabun', patched=True)).pages:
        content = page.get_contents().get_data()
        assert content.count(b'/ActualText <feff') == content.count(b'BDC') > 0
        assert content.count(b'BDC') == content.count(b'EMC')


def test_install_is_idempotent():
    script = """
from weasyprint.draw import text
from weasyprint.pdf import fonts
from reports.textlayer import install

def patched():
    return (text.draw_first_line, fonts._build_vector_font_dictionary,
            fonts.Font.subset, fonts.Font.get_unused_glyph_id)

original = patched()
install()
once = patched()
install()
assert patched() == once, 'second install() changed the patches'
assert all(new is not old for new, old in zip(once, original)), 'not patched'
"""
    subprocess.run([sys.executable, '-c', script], cwd=ROOT, check=True)


def test_install_refuses_other_weasyprint_version(monkeypatch):
    import weasyprint
    from weasyprint.draw import text

    from reports.textlayer import install

    before = text.draw_first_line
    monkeypatch.setattr(weasyprint, '__version__', '71.0')
    with pytest.raises(RuntimeError, match=r'70\.0.*71\.0'):
        install()
    assert text.draw_first_line is before  # nothing patched
